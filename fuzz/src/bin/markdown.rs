//! AFL target `markdown`: see gongwen_fuzz::markdown.
fn main() {
    gongwen_fuzz::init("markdown");
    afl::fuzz!(|data: &[u8]| {
        gongwen_fuzz::markdown(data);
    });
}
