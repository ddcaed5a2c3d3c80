//! The frame of every page: breadcrumb, the page's only `h1`, the « À quoi sert cette page ? » help,
//! then the content.

use crate::ui::components::link;
use crate::ui::dom;
use crate::ui::route::Route;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub route: Route,
    /// Short explanation for trainees.
    pub help: Html,
    pub children: Html,
    /// Overrides the route's title (e.g. a message's subject).
    #[prop_or_default]
    pub title: Option<AttrValue>,
    /// Overrides the route's breadcrumb ancestors (e.g. an invoice seen from the recipient's side).
    #[prop_or_default]
    pub parents: Option<Vec<Route>>,
}

#[component]
pub fn Page(props: &PageProps) -> Html {
    let title: AttrValue = props
        .title
        .clone()
        .unwrap_or(AttrValue::Static(props.route.title()));
    // A new page: its title, the top of the page, and keyboard focus on its heading (screen readers
    // then announce where the user arrived).
    {
        let title = title.clone();
        use_effect_with(title, |t| {
            dom::set_title(t);
            dom::scroll_to_top();
            dom::focus("titre-page");
        });
    }
    let crumbs: Html = props
        .parents
        .clone()
        .unwrap_or_else(|| props.route.parents())
        .into_iter()
        .map(|r| {
            let label = if r == Route::Accueil {
                "Accueil"
            } else {
                r.title()
            };
            html! { <li>{link(r, label, "")}</li> }
        })
        .collect();
    html! {
        <>
            <nav aria-label="Fil d'Ariane" class="fil-ariane">
                <ol>
                    {crumbs}
                    <li aria-current="page">{title.clone()}</li>
                </ol>
            </nav>
            <h1 id="titre-page" tabindex="-1">{title}</h1>
            <details class="aide-page">
                <summary>{"À quoi sert cette page ?"}</summary>
                <div>{props.help.clone()}</div>
            </details>
            {props.children.clone()}
        </>
    }
}
