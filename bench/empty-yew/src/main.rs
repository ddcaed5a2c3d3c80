//! The smallest Yew app: one heading, and the same "ready" marker the sandbox sets, so that the load
//! benchmark measures both the same way.
use yew::prelude::*;

#[component]
fn App() -> Html {
    use_effect_with((), |_| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.set_attribute("data-app-ready", "1");
        }
    });
    html! { <h1>{"Application Yew vide"}</h1> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
