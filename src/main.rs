fn main() {
    chorus_pro_sandbox::ui::mount();
}
