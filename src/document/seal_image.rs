//! The seal's picture a document names (`seal_image: seal.png`): read beside its input file,
//! checked and decoded once, for the PDF to draw and the DOCX to embed.

use super::model::Document;
use crate::diagnostic::Diagnostic;
use std::path::Path;
use std::sync::Arc;

/// A transparent PNG of the seal: its bytes as given (for the DOCX) and its pixels as red,
/// green, blue and alpha (for the PDF).
#[derive(Debug, Clone, PartialEq)]
pub struct SealImage {
    pub png: Arc<Vec<u8>>,
    pub rgba: Arc<Vec<u8>>,
    pub width_px: u32,
    pub height_px: u32,
}

/// Read the picture `doc`'s front matter names, relative to `base` (the input file's folder);
/// `input` names the input file in errors.
pub fn load_seal_image(doc: &mut Document, base: &Path, input: &Path) -> Result<(), Diagnostic> {
    let Some(name) = doc.front.seal_image.as_deref() else {
        return Ok(());
    };
    let path = base.join(name);
    let fail = |problem: String| {
        Diagnostic::error(input, format!("the seal image `{name}`: {problem}"))
            .field("seal_image")
            .hint("give a transparent PNG, its path from the folder of this file (e.g. `seal_image: 印章.png`)")
    };
    let bytes =
        std::fs::read(&path).map_err(|e| fail(format!("cannot read {}: {e}", path.display())))?;
    let image = decode(&bytes).map_err(fail)?;
    doc.seal_image = Some(image);
    Ok(())
}

/// The PNG's pixels as 8-bit RGBA.
fn decode(bytes: &[u8]) -> Result<SealImage, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder
        .read_info()
        .map_err(|e| format!("not a PNG picture ({e})"))?;
    let (width, height) = (reader.info().width, reader.info().height);
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > 16_000_000 {
        return Err(format!(
            "{width}×{height} pixels: use a picture of at most 4000×4000"
        ));
    }
    let mut buffer = vec![0; reader.output_buffer_size().ok_or("too large to decode")?];
    let frame = reader
        .next_frame(&mut buffer)
        .map_err(|e| format!("the PNG is damaged ({e})"))?;
    let pixels = &buffer[..frame.buffer_size()];
    let rgba: Vec<u8> = match frame.color_type {
        png::ColorType::Rgba => pixels.to_vec(),
        png::ColorType::Rgb => pixels
            .chunks(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::GrayscaleAlpha => pixels
            .chunks(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Grayscale => pixels.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::Indexed => return Err("an indexed PNG the decoder did not expand".into()),
    };
    Ok(SealImage {
        png: Arc::new(bytes.to_vec()),
        rgba: Arc::new(rgba),
        width_px: width,
        height_px: height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2×1 PNG: one opaque red pixel, one transparent.
    pub fn tiny_png() -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, 2, 1);
            encoder.set_color(png::ColorType::Rgba);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().unwrap();
            writer
                .write_image_data(&[255, 0, 0, 255, 0, 0, 0, 0])
                .unwrap();
        }
        out
    }

    #[test]
    fn a_png_decodes_to_rgba_and_anything_else_is_refused() {
        let image = decode(&tiny_png()).unwrap();
        assert_eq!((image.width_px, image.height_px), (2, 1));
        assert_eq!(*image.rgba, [255, 0, 0, 255, 0, 0, 0, 0]);
        assert!(decode(b"GIF89a").unwrap_err().contains("not a PNG"));
    }
}
