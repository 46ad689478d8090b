//! Writing laid-out pages as PDF: CID fonts subset to the glyphs used, with ToUnicode maps so the
//! text can be copied and searched, compressed content streams, and no dates or random ids.

use super::cff::OutlineCache;
use crate::document::SealImage;
use crate::layout::pages::fonts::{Faces, FontBook};
use crate::layout::pages::page::{Page, PlacedImage, Stroke, TextRun};
use libdeflater::{CompressionLvl, Compressor};
use pdf_writer::types::{CidFontType, FontFlags, LineCapStyle, SystemInfo, TextRenderingMode};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::cell::RefCell;
use std::collections::BTreeMap;

const IDENTITY: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// What a document tells the PDF about itself.
pub struct DocInfo<'a> {
    pub title: &'a str,
    pub author: Option<&'a str>,
    /// The seal picture the pages place (`Page::images`).
    pub seal_image: Option<&'a SealImage>,
}

/// The name of the seal picture in page resources.
const SEAL_NAME: &[u8] = b"Seal";

/// The glyphs one document uses of one face: old glyph id → new CID, and the text of each CID.
struct UsedFace {
    remapper: subsetter::GlyphRemapper,
    text: BTreeMap<u16, char>,
    widths: BTreeMap<u16, f32>,
    /// Some glyph is drawn squeezed to half width, so the face needs its half-width variant.
    half_width: bool,
}

/// The font resource of a face (`F3`), or of its half-width variant (`H3`).
fn font_name(face: usize, half_width: bool) -> String {
    format!("{}{face}", if half_width { 'H' } else { 'F' })
}

/// Why the laid-out pages could not be written as a PDF.
#[derive(Debug, thiserror::Error)]
pub enum PdfWriteError {
    #[error(
        "the font {family} cannot be embedded in the PDF ({reason}). Name another font for its role with --font ROLE=FONT (see `gongwen style` for the roles)"
    )]
    FontNotEmbeddable { family: String, reason: String },
}

/// Write `pages` (A4 or whatever `page_size` says, in points) as a PDF file.
pub fn write_pdf(
    pages: &[Page],
    page_size: (f64, f64),
    faces: &Faces,
    book: &FontBook,
    outlines: &OutlineCache,
    info: &DocInfo,
) -> Result<Vec<u8>, PdfWriteError> {
    let mut used: BTreeMap<usize, UsedFace> = BTreeMap::new();
    // The CIDs of each run's glyphs, decided before content is written.
    let mut run_cids: Vec<Vec<Vec<u16>>> = Vec::with_capacity(pages.len());
    for page in pages {
        let mut page_cids = Vec::with_capacity(page.runs.len());
        for run in all_runs(page) {
            let face = used.entry(run.face).or_insert_with(|| UsedFace {
                remapper: subsetter::GlyphRemapper::new(),
                text: BTreeMap::new(),
                widths: BTreeMap::new(),
                half_width: false,
            });
            face.half_width |= run.half_width;
            let cids = run
                .glyphs
                .iter()
                .map(|g| {
                    let cid = face.remapper.remap(g.gid);
                    face.text.entry(cid).or_insert(g.ch);
                    face.widths
                        .entry(cid)
                        .or_insert((faces.advance_ems(run.face, g.gid) * 1000.0) as f32);
                    cid
                })
                .collect();
            page_cids.push(cids);
        }
        run_cids.push(page_cids);
    }

    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog_id = alloc();
    let tree_id = alloc();
    let info_id = alloc();
    // Each face's Type0 font, and its half-width variant where one is needed.
    let font_ids: BTreeMap<(usize, bool), Ref> = used
        .iter()
        .flat_map(|(f, u)| std::iter::once((*f, false)).chain(u.half_width.then_some((*f, true))))
        .map(|key| (key, alloc()))
        .collect();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    // The seal picture, once, where a page places it: its colours, and its alpha as a soft mask.
    let seal = info
        .seal_image
        .filter(|_| pages.iter().any(|p| !p.images.is_empty()))
        .map(|image| (image, alloc(), alloc()));
    if let Some((image, id, mask_id)) = seal {
        let pixels = image.rgba.chunks(4);
        let rgb: Vec<u8> = pixels.clone().flat_map(|p| [p[0], p[1], p[2]]).collect();
        let alpha: Vec<u8> = pixels.map(|p| p[3]).collect();
        let (w, h) = (image.width_px as i32, image.height_px as i32);
        let (rgb, alpha) = (deflate(&rgb, Level::Text), deflate(&alpha, Level::Text));
        let mut xobject = pdf.image_xobject(id, &rgb);
        xobject.filter(Filter::FlateDecode);
        xobject.width(w).height(h);
        xobject.color_space().device_rgb();
        xobject.bits_per_component(8).s_mask(mask_id);
        xobject.finish();
        let mut mask = pdf.image_xobject(mask_id, &alpha);
        mask.filter(Filter::FlateDecode);
        mask.width(w).height(h);
        mask.color_space().device_gray();
        mask.bits_per_component(8);
        mask.finish();
    }

    pdf.catalog(catalog_id).pages(tree_id);
    pdf.pages(tree_id)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(pages.len() as i32);
    let mut doc_info = pdf.document_info(info_id);
    doc_info.title(TextStr(info.title));
    if let Some(author) = info.author {
        doc_info.author(TextStr(author));
    }
    doc_info.creator(TextStr("gongwen"));
    doc_info.finish();

    let media = Rect::new(0.0, 0.0, page_size.0 as f32, page_size.1 as f32);
    for (n, page) in pages.iter().enumerate() {
        let (page_id, content_id) = page_ids[n];
        let mut p = pdf.page(page_id);
        p.media_box(media).parent(tree_id).contents(content_id);
        let mut resources = p.resources();
        let mut fonts = resources.fonts();
        let mut on_page: Vec<(usize, bool)> =
            all_runs(page).map(|r| (r.face, r.half_width)).collect();
        on_page.sort_unstable();
        on_page.dedup();
        for (face, half) in on_page {
            fonts.pair(
                Name(font_name(face, half).as_bytes()),
                font_ids[&(face, half)],
            );
        }
        fonts.finish();
        if let Some((_, id, _)) = seal.filter(|_| !page.images.is_empty()) {
            resources.x_objects().pair(Name(SEAL_NAME), id);
        }
        resources.finish();
        p.finish();
        let content = page_content(page, &run_cids[n], faces, page_size.1);
        let compressed = deflate(&content, Level::Text);
        pdf.stream(content_id, &compressed)
            .filter(Filter::FlateDecode);
    }

    for (face_index, face_use) in &used {
        let half = font_ids.get(&(*face_index, true)).copied();
        write_font(
            &mut pdf,
            &mut alloc,
            (font_ids[&(*face_index, false)], half),
            (*face_index, &book.faces[*face_index]),
            face_use,
            outlines,
        )?;
    }
    Ok(pdf.finish())
}

/// A page's runs: upright, then those of its table set sideways.
fn all_runs(page: &Page) -> impl Iterator<Item = &TextRun> {
    let turned = page.turned.iter().flat_map(|t| &t.runs);
    page.runs.iter().chain(turned)
}

/// The content stream of one page: rules first, then text (y measured from the page top), then
/// the table set sideways.
fn page_content(page: &Page, cids: &[Vec<u16>], faces: &Faces, page_height: f64) -> Vec<u8> {
    let mut c = Content::new();
    let flip = |y: f64| (page_height - y) as f32;
    // The seal picture first, under the rules and the text.
    for PlacedImage {
        x,
        y,
        width,
        height,
    } in &page.images
    {
        c.save_state();
        c.transform([
            *width as f32,
            0.0,
            0.0,
            *height as f32,
            *x as f32,
            flip(y + height),
        ]);
        c.x_object(Name(SEAL_NAME));
        c.restore_state();
    }
    write_strokes(&mut c, &page.strokes, flip);
    for (run, cids) in page.runs.iter().zip(cids) {
        write_run(&mut c, run, cids, faces, flip(run.baseline));
    }
    if let Some(turned) = &page.turned {
        // The frame's own coordinates (y down from its top), turned a quarter to the left
        // about its top-left corner: its x runs up the page, its y to the right.
        let (x, y) = turned.corner;
        c.save_state();
        c.transform([0.0, 1.0, -1.0, 0.0, x as f32, flip(y)]);
        let down = |y: f64| -y as f32;
        write_strokes(&mut c, &turned.strokes, down);
        for (run, cids) in turned.runs.iter().zip(&cids[page.runs.len()..]) {
            write_run(&mut c, run, cids, faces, down(run.baseline));
        }
        c.restore_state();
    }
    c.finish().into_vec()
}

/// Rules, with `flip` turning a y measured downward into the content's own.
fn write_strokes(c: &mut Content, strokes: &[Stroke], flip: impl Fn(f64) -> f32) {
    if strokes.is_empty() {
        return;
    }
    c.set_line_cap(LineCapStyle::ButtCap);
    for Stroke {
        x0,
        y0,
        x1,
        y1,
        width,
        colour,
    } in strokes
    {
        if let Some(rgb) = colour {
            c.save_state();
            c.set_stroke_rgb(rgb_f32(rgb[0]), rgb_f32(rgb[1]), rgb_f32(rgb[2]));
        }
        c.set_line_width(*width as f32);
        c.move_to(*x0 as f32, flip(*y0));
        c.line_to(*x1 as f32, flip(*y1));
        c.stroke();
        if colour.is_some() {
            c.restore_state();
        }
    }
}

/// One run: set at its first glyph's x, with TJ adjustments that move every later glyph to
/// the x the layout chose (justification, squeezing, autospace).
fn write_run(c: &mut Content, run: &TextRun, cids: &[u16], faces: &Faces, baseline: f32) {
    let Some(first) = run.glyphs.first() else {
        return;
    };
    if let Some(rgb) = run.colour {
        c.save_state();
        let (r, g, b) = (rgb_f32(rgb[0]), rgb_f32(rgb[1]), rgb_f32(rgb[2]));
        c.set_fill_rgb(r, g, b);
        c.set_stroke_rgb(r, g, b);
    }
    c.begin_text();
    c.set_font(
        Name(font_name(run.face, run.half_width).as_bytes()),
        run.size as f32,
    );
    let advance_scale = if run.half_width { 0.5 } else { 1.0 };
    if run.bold {
        // 仿宋 and 楷体 come in one weight: embolden the same face by stroking its outline.
        c.set_text_rendering_mode(TextRenderingMode::FillStroke);
        c.set_line_width((run.size * 0.03) as f32);
    }
    c.set_text_matrix([1.0, 0.0, 0.0, 1.0, first.x as f32, baseline]);
    let mut bytes = Vec::with_capacity(2 * cids.len());
    let mut shown = c.show_positioned();
    let mut items = shown.items();
    for (i, (glyph, cid)) in run.glyphs.iter().zip(cids).enumerate() {
        if i > 0 {
            let previous = &run.glyphs[i - 1];
            let natural = faces.advance_ems(run.face, previous.gid) * run.size * advance_scale;
            let wanted = glyph.x - previous.x;
            let adjust = ((natural - wanted) * 1000.0 / run.size * 100.0).round() / 100.0;
            if adjust.abs() >= 0.01 {
                if !bytes.is_empty() {
                    items.show(Str(&bytes));
                    bytes.clear();
                }
                items.adjust(adjust as f32);
            }
        }
        bytes.extend_from_slice(&cid.to_be_bytes());
    }
    if !bytes.is_empty() {
        items.show(Str(&bytes));
    }
    items.finish();
    shown.finish();
    if run.bold {
        c.set_text_rendering_mode(TextRenderingMode::Fill);
    }
    c.end_text();
    if run.colour.is_some() {
        c.restore_state();
    }
}

/// A colour channel from 0–255 to PDF's 0–1.
fn rgb_f32(channel: u8) -> f32 {
    f32::from(channel) / 255.0
}

fn deflate(data: &[u8], level: Level) -> Vec<u8> {
    thread_local! {
        // A compressor's state is large: one per level and thread, for every stream it packs.
        static COMPRESSORS: RefCell<[Option<Compressor>; 2]> = const { RefCell::new([None, None]) };
    }
    COMPRESSORS.with(|compressors| {
        let mut compressors = compressors.borrow_mut();
        let compressor = compressors[level as usize].get_or_insert_with(|| {
            Compressor::new(CompressionLvl::new(level.value()).expect("a valid level"))
        });
        let mut out = vec![0; compressor.zlib_compress_bound(data.len())];
        let n = compressor
            .zlib_compress(data, &mut out)
            .expect("the bound holds the compressed data");
        out.truncate(n);
        out
    })
}

/// How hard a stream is compressed (libdeflate), chosen per kind of stream by measurement on a
/// reply of about 2,800 characters (its body face's subset 197 KB, its pages 60 KB): a CFF font
/// program barely compresses, so level 1 packs it within 1% of level 6 in 60% of the time
/// (160.7 against 159.6 KB, 1.4 against 2.3 ms); page contents, ToUnicode maps and pictures
/// compress well, and level 6 makes them 10% smaller than level 1 for 0.2 ms.
#[derive(Debug, Clone, Copy)]
enum Level {
    FontProgram = 0,
    Text = 1,
}

impl Level {
    fn value(self) -> i32 {
        match self {
            Level::FontProgram => 1,
            Level::Text => 6,
        }
    }
}

/// A Type0 font with its CID font, descriptor, subset font program and ToUnicode map.
fn write_font(
    pdf: &mut Pdf,
    alloc: &mut impl FnMut() -> Ref,
    (type0_id, half_type0_id): (Ref, Option<Ref>),
    (face_index, face): (usize, &crate::layout::pages::fonts::LoadedFace),
    used: &UsedFace,
    outlines: &OutlineCache,
) -> Result<(), PdfWriteError> {
    let cid_id = alloc();
    let descriptor_id = alloc();
    let cmap_id = alloc();
    let data_id = alloc();

    let unembeddable = |reason: String| PdfWriteError::FontNotEmbeddable {
        family: face.family.clone(),
        reason,
    };
    // A CID-keyed CFF font without subroutines: its subset assembled from its own outlines.
    let gids: Vec<u16> = used.remapper.remapped_gids().collect();
    let assembled = face
        .is_cff
        .then(|| ttf_parser::RawFace::parse(&face.data, face.index).ok())
        .flatten()
        .and_then(|raw| raw.table(ttf_parser::Tag::from_bytes(b"CFF ")))
        .and_then(|cff| outlines.subset(face_index, cff, &gids));
    // A CFF font is embedded as its bare CFF program; a TrueType font whole.
    let program: Vec<u8> = if let Some(program) = assembled {
        program
    } else if face.is_cff {
        let subset = subsetter::subset(&face.data, face.index, &used.remapper)
            .map_err(|e| unembeddable(format!("subsetting failed: {e}")))?;
        let parsed = ttf_parser::RawFace::parse(&subset, 0)
            .map_err(|e| unembeddable(format!("its subset cannot be read: {e}")))?;
        parsed
            .table(ttf_parser::Tag::from_bytes(b"CFF "))
            .ok_or_else(|| unembeddable("its subset has no CFF table".into()))?
            .to_vec()
    } else {
        subsetter::subset(&face.data, face.index, &used.remapper)
            .map_err(|e| unembeddable(format!("subsetting failed: {e}")))?
    };
    // A subset tag from the glyphs used, so the same text gives the same name.
    let tag = subset_tag(used.remapper.remapped_gids());
    let base_font = format!("{tag}+{}", face.postscript_name);

    let type0_name = if face.is_cff {
        format!("{base_font}-Identity-H")
    } else {
        base_font.clone()
    };
    // The half-width variant shares the font program, descriptor and ToUnicode map; only its
    // widths differ.
    let variants =
        std::iter::once((type0_id, cid_id, 1.0)).chain(half_type0_id.map(|id| (id, alloc(), 0.5)));
    for (type0_ref, cid_ref, scale) in variants {
        pdf.type0_font(type0_ref)
            .base_font(Name(type0_name.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_ref)
            .to_unicode(cmap_id);
        let mut cid = pdf.cid_font(cid_ref);
        cid.subtype(if face.is_cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        });
        cid.base_font(Name(base_font.as_bytes()));
        cid.system_info(IDENTITY);
        cid.font_descriptor(descriptor_id);
        cid.default_width(1000.0 * scale);
        if !face.is_cff {
            cid.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        let default_width = 1000.0 * scale;
        let mut widths = cid.widths();
        for (first, run) in width_runs(&used.widths, scale, default_width) {
            widths.consecutive(first, run);
        }
        widths.finish();
        cid.finish();
    }

    let mut flags = FontFlags::SYMBOLIC;
    if face.postscript_name.contains("Song")
        || face.postscript_name.contains("Serif")
        || face.postscript_name.contains("Fang")
    {
        flags |= FontFlags::SERIF;
    }
    let b = face.bbox;
    pdf.font_descriptor(descriptor_id)
        .name(Name(base_font.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(
            b[0] as f32,
            b[1] as f32,
            b[2] as f32,
            b[3] as f32,
        ))
        .italic_angle(0.0)
        .ascent(face.ascent as f32)
        .descent(face.descent as f32)
        .cap_height(face.cap_height as f32)
        .stem_v(80.0)
        .font_file3_or_2(face.is_cff, data_id);

    let mut cmap = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), IDENTITY);
    for (cid_value, ch) in &used.text {
        cmap.pair(*cid_value, *ch);
    }
    let cmap_data = deflate(&cmap.finish(), Level::Text);
    pdf.cmap(cmap_id, &cmap_data).filter(Filter::FlateDecode);

    let compressed = deflate(&program, Level::FontProgram);
    let mut stream = pdf.stream(data_id, &compressed);
    stream.filter(Filter::FlateDecode);
    if face.is_cff {
        stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    }
    stream.finish();
    Ok(())
}

/// Six capital letters derived from the glyph set (FNV-1a), as PDF subset names need.
fn subset_tag(gids: impl Iterator<Item = u16>) -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    for g in gids {
        for b in g.to_be_bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x100000001b3);
        }
    }
    (0..6)
        .map(|i| (b'A' + ((hash >> (i * 5)) % 26) as u8) as char)
        .collect()
}

trait FontFileExt {
    fn font_file3_or_2(&mut self, cff: bool, id: Ref) -> &mut Self;
}

impl FontFileExt for pdf_writer::writers::FontDescriptor<'_> {
    fn font_file3_or_2(&mut self, cff: bool, id: Ref) -> &mut Self {
        if cff {
            self.font_file3(id)
        } else {
            self.font_file2(id)
        }
    }
}

/// The /W array's entries: runs of consecutive CIDs with their widths (times `scale`), leaving
/// out every glyph as wide as the font's /DW, which a reader assumes. A CJK subset's glyphs are
/// nearly all one em: their widths were most of the array.
fn width_runs(widths: &BTreeMap<u16, f32>, scale: f32, default_width: f32) -> Vec<(u16, Vec<f32>)> {
    let mut runs: Vec<(u16, Vec<f32>)> = Vec::new();
    for (&cid, &width) in widths {
        let width = width * scale;
        if width == default_width {
            continue;
        }
        match runs.last_mut() {
            Some((first, run)) if u32::from(*first) + run.len() as u32 == u32::from(cid) => {
                run.push(width)
            }
            _ => runs.push((cid, vec![width])),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_runs_leave_out_default_widths_and_join_neighbours() {
        let widths: BTreeMap<u16, f32> = [
            (1, 1000.0),
            (2, 500.0),
            (3, 250.0),
            (4, 1000.0),
            (7, 600.0),
            (8, 1000.0),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            width_runs(&widths, 1.0, 1000.0),
            vec![(2, vec![500.0, 250.0]), (7, vec![600.0])]
        );
        // The half-width variant: DW 500, every width halved.
        assert_eq!(
            width_runs(&widths, 0.5, 500.0),
            vec![(2, vec![250.0, 125.0]), (7, vec![300.0])]
        );
    }
}
