//! AFL target `template`: see gongwen_fuzz::template.
fn main() {
    gongwen_fuzz::init("template");
    afl::fuzz!(|data: &[u8]| {
        gongwen_fuzz::template(data);
    });
}
