//! « Messagerie »: the simulated inbox of every address of the sandbox, and one message.

use crate::ui::components::confirm::ConfirmButton;
use crate::ui::components::form::{ErrorSummary, Feedback};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::hooks::use_command;
use crate::ui::route::Route;
use domain::compte::messagerie::{self, LienCourriel, SENDER};
use domain::kernel::ids::CourrielId;
use domain::kernel::time::datetime_fr;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

const HELP: &str = "Le bac à sable n'envoie aucun e-mail : chaque message que le portail enverrait (activation, mot de passe, rattachement, changement de statut d'une facture…) arrive ici, dans la boîte de l'adresse destinataire. Toutes les boîtes fictives du bac à sable sont consultables, pour s'entraîner seul(e) des deux côtés.";

#[component]
pub fn Messagerie() -> Html {
    let app = use_app();
    let sandbox = app.sandbox();
    let boxes = messagerie::boites(&sandbox);
    let mine = app.account().map(|a| a.login_email.clone());
    let selected = use_state(|| None::<String>);
    let current = (*selected)
        .clone()
        .filter(|a| boxes.iter().any(|(b, _)| b == a))
        .or_else(|| mine.clone().filter(|m| boxes.iter().any(|(b, _)| b == m)))
        .or_else(|| boxes.first().map(|(a, _)| a.clone()));

    let onchange = {
        let selected = selected.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                selected.set(Some(sel.value()));
            }
        })
    };

    let help = html! { <p>{HELP}</p> };
    if boxes.is_empty() {
        return html! {
            <Page route={Route::Messagerie} {help}>
                <p class="etat-vide">{"Aucun message pour l'instant. Créez un compte : l'e-mail d'activation arrivera ici."}</p>
                <p>{link(Route::CreerCompte, "Créer un compte", "bouton")}</p>
            </Page>
        };
    }
    let address = current.unwrap_or_default();
    let mails = messagerie::boite_de_reception(&sandbox, &address);
    let rows: Html = mails
        .iter()
        .map(|m| {
            html! {
                <tr key={m.id.as_str().to_string()} class={classes!((!m.read).then_some("non-lu"))}>
                    <td>{datetime_fr(m.sent_at)}</td>
                    <td>
                        {link(Route::Message { id: m.id.to_string() }, m.subject.clone(), "")}
                    </td>
                    <td>{if m.read { "Lu" } else { "Non lu" }}</td>
                </tr>
            }
        })
        .collect();
    html! {
        <Page route={Route::Messagerie} {help}>
            <div class="champ">
                <label for="boite">{"Boîte de réception"}</label>
                <select id="boite" {onchange}>
                    { for boxes.iter().map(|(a, unread)| {
                        let label = if *unread > 0 { format!("{a} ({})", domain::kernel::text::pluriel(*unread, "non lu", "non lus")) } else { a.clone() };
                        html! { <option value={a.clone()} selected={*a == address}>{label}</option> }
                    }) }
                </select>
            </div>
            <p class="compte-resultats" role="status">{format!("{} pour {address}", domain::kernel::text::pluriel(mails.len(), "message", "messages"))}</p>
            <table class="tableau">
                <caption class="visually-hidden">{format!("Messages reçus par {address}, du plus récent au plus ancien")}</caption>
                <thead><tr><th scope="col">{"Reçu le"}</th><th scope="col">{"Objet"}</th><th scope="col">{"État"}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </Page>
    }
}

#[derive(Properties, PartialEq)]
pub struct MessageProps {
    pub id: AttrValue,
}

fn link_route(link: &LienCourriel) -> Route {
    let token = link.token().to_string();
    match link {
        LienCourriel::Activation(_) => Route::Activation { token },
        LienCourriel::ReinitialisationMotDePasse(_) => Route::Reinitialisation { token },
        LienCourriel::Reactivation(_) => Route::Reactivation { token },
    }
}

#[component]
pub fn Message(props: &MessageProps) -> Html {
    // The mailboxes are open to anyone: the commands run without an actor.
    let cmd = use_command();
    let app = cmd.app().clone();
    let navigator = use_navigator();
    let id = CourrielId(props.id.to_string());
    let found = app.sandbox().courriels.get(&id).cloned();
    // Opening a message marks it read (once).
    {
        let (app, id) = (app.clone(), id.clone());
        let unread = found.as_ref().is_some_and(|m| !m.read);
        use_effect_with((id.clone(), unread), move |_| {
            if unread && !app.read_only() {
                // Not worth a message next to the mail, but never silent: the page-wide alert.
                if let Err(e) = app.run(|sb, _| messagerie::mark_read(sb, &id)) {
                    app.with_backend(|b| b.alert(e));
                }
            }
        });
    }
    let help = html! { <p>{HELP}</p> };
    let Some(m) = found else {
        return html! {
            <Page route={Route::Message { id: props.id.to_string() }} {help}>
                <p class="etat-vide">{"Ce message n'existe pas ou a été supprimé."}</p>
                <p>{link(Route::Messagerie, "Retour à la Messagerie", "")}</p>
            </Page>
        };
    };
    let on_delete = {
        let (cmd, id) = (cmd.clone(), id.clone());
        Callback::from(
            move |_| match cmd.app().run(|sb, _| messagerie::delete(sb, &id)) {
                Ok(()) => {
                    if let Some(nav) = &navigator {
                        nav.push(&Route::Messagerie);
                    }
                }
                Err(e) => cmd.set(Feedback {
                    error: Some(e),
                    done: None,
                }),
            },
        )
    };
    html! {
        <Page route={Route::Message { id: props.id.to_string() }} title={Some(AttrValue::from(m.subject.clone()))} {help}>
            <ErrorSummary error={cmd.feedback().error.clone()} />
            <article class="message">
                <dl class="fiche">
                    <dt>{"De"}</dt><dd>{SENDER}</dd>
                    <dt>{"À"}</dt><dd>{m.to.clone()}</dd>
                    <dt>{"Reçu le"}</dt><dd>{datetime_fr(m.sent_at)}</dd>
                </dl>
                <div class="corps-message">{m.body.clone()}</div>
                if let Some(mail_link) = &m.link {
                    <p>{link(link_route(mail_link), mail_link.label(), "bouton")}</p>
                }
            </article>
            <div class="actions">
                {link(Route::Messagerie, "Retour à la Messagerie", "bouton bouton-secondaire")}
                <ConfirmButton id="supprimer-message" label="Supprimer ce message" danger=true
                    question="Supprimer définitivement ce message ?" confirm_label="Oui, supprimer" on_confirm={on_delete} />
            </div>
        </Page>
    }
}
