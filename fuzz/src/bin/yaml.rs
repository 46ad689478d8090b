//! AFL target `yaml`: see gongwen_fuzz::yaml.
fn main() {
    gongwen_fuzz::init("yaml");
    afl::fuzz!(|data: &[u8]| {
        gongwen_fuzz::yaml(data);
    });
}
