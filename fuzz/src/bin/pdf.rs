//! AFL target `pdf`: see gongwen_fuzz::pdf.
fn main() {
    gongwen_fuzz::init("pdf");
    afl::fuzz!(|data: &[u8]| {
        gongwen_fuzz::pdf(data);
    });
}
