//! The Yew user interface. It dispatches domain commands through `backend` and shows state; it never
//! decides who may do what (the domain does).

pub mod app;
pub mod components;
pub mod context;
pub mod dom;
pub mod hooks;
pub mod pages;
pub mod route;

/// Renders the app into the page body.
pub fn mount() {
    yew::Renderer::<app::App>::new().render();
}
