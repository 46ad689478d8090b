//! AFL target `docx`: see gongwen_fuzz::docx.
fn main() {
    gongwen_fuzz::init("docx");
    afl::fuzz!(|data: &[u8]| {
        gongwen_fuzz::docx(data);
    });
}
