//! The dialog a supplier meets after logging in when invoices were rejected or suspended (facts
//! §4.3): date, number, recipient, motif and comment of each, « Acquitter » per invoice and « Tout
//! acquitter et fermer ». After 7 days of sandbox time acknowledging is mandatory: the dialog can no
//! longer be closed without it.

use crate::ui::components::form::Feedback;
use crate::ui::components::link;
use crate::ui::context::use_app;
use crate::ui::dom;
use crate::ui::hooks::use_command;
use crate::ui::route::Route;
use domain::facturation::cycle;
use domain::kernel::ids::{CompteId, FactureId};
use domain::kernel::time::datetime_fr;
use yew::prelude::*;

#[component]
pub fn DialogueAcquittement() -> Html {
    let app = use_app();
    // Closed by this account for this tab's session (it comes back on reload, as the portal shows
    // it at each login; another account logging in here sees its own).
    let ferme = use_state(|| None::<CompteId>);
    let cmd = use_command();
    let account = app.account();
    let sb = app.sandbox();
    let now = app.now();
    let list = account
        .as_ref()
        .map(|a| cycle::a_acquitter(&sb, &a.id, now))
        .unwrap_or_default();
    let obligatoire = list.iter().any(|x| x.obligatoire);
    let closed = account
        .as_ref()
        .is_some_and(|a| ferme.as_ref() == Some(&a.id));
    let shown = !list.is_empty() && (!closed || obligatoire);
    {
        use_effect_with(shown, |shown| {
            if *shown {
                dom::focus("titre-acquittement");
            }
        });
    }
    if !shown {
        // Always an element (Yew 0.23 loses an empty component's position).
        return html! { <div class="zone-acquittement" hidden=true></div> };
    }
    let acquitter = |ids: Vec<FactureId>, close: bool| {
        let (cmd, ferme) = (cmd.clone(), ferme.clone());
        Callback::from(move |_: MouseEvent| {
            let actor = cmd.app().account().map(|a| a.id.clone());
            match cmd.try_run(|sb, actor, now| cycle::acquitter(sb, actor, &ids, now)) {
                Some(Ok(_)) => {
                    cmd.set(Feedback::default());
                    if close {
                        ferme.set(actor);
                    }
                }
                Some(Err(e)) => cmd.fail(e),
                None => {}
            }
        })
    };
    let all: Vec<FactureId> = list.iter().map(|x| x.facture.id.clone()).collect();
    let rows: Html = list
        .iter()
        .map(|x| {
            let f = x.facture;
            let motif = cycle::motif_destinataire(&sb, f);
            let dest = f
                .destinataire_dans(&sb)
                .map(|s| s.raison_sociale.clone())
                .unwrap_or_default();
            html! {
                <tr key={f.id.to_string()}>
                    <td>{f.depose_le().map(datetime_fr).unwrap_or_default()}</td>
                    <td>{link(Route::Facture { id: f.id.to_string() }, f.numero.clone(), "")}</td>
                    <td>{dest}</td>
                    <td>{f.statut.label()}{if x.obligatoire { " (acquittement obligatoire)" } else { "" }}</td>
                    <td>{motif.as_ref().and_then(|m| m.motif.clone()).unwrap_or_else(|| "Aucun motif indiqué.".to_string())}</td>
                    <td>{motif.as_ref().map(|m| format!("{}, le {}", m.par, datetime_fr(m.le))).unwrap_or_default()}</td>
                    <td><button type="button" class="bouton bouton-secondaire" onclick={acquitter(vec![f.id.clone()], false)}
                        aria-label={format!("Acquitter la facture n° {}", f.numero)}>{"Acquitter"}</button></td>
                </tr>
            }
        })
        .collect();
    let close = {
        let (ferme, id) = (ferme.clone(), account.as_ref().map(|a| a.id.clone()));
        Callback::from(move |_| ferme.set(id.clone()))
    };
    html! {
        <div class="zone-acquittement">
            <div class="dialogue dialogue-large" role="dialog" aria-modal="true" aria-labelledby="titre-acquittement">
                <h2 id="titre-acquittement" tabindex="-1">{"Factures rejetées ou suspendues"}</h2>
                <p>{"Le destinataire a rejeté ou suspendu ces factures. Lisez le motif, puis acquittez-les. Une facture suspendue se complète ; une facture rejetée se traite (« Traiter le rejet ») et se remplace par une nouvelle facture, avec un nouveau numéro."}</p>
                if obligatoire {
                    <p class="alerte alerte-avertissement">{format!("Au moins une facture attend depuis plus de {} jours : l'acquittement est obligatoire pour continuer.", cycle::DELAI_ACQUITTEMENT_JOURS)}</p>
                }
                if let Some(e) = &cmd.feedback().error { <p class="alerte alerte-erreur" role="alert">{e.to_string()}</p> }
                <div class="defilement">
                    <table class="tableau">
                        <caption>{format!("{} à acquitter", domain::kernel::text::pluriel(list.len(), "facture", "factures"))}</caption>
                        <thead><tr>
                            <th scope="col">{"Déposée le"}</th><th scope="col">{"Numéro"}</th><th scope="col">{"Destinataire"}</th>
                            <th scope="col">{"Statut"}</th><th scope="col">{"Motif du destinataire"}</th><th scope="col">{"Donné par"}</th><th scope="col">{"Action"}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <div class="actions">
                    <button type="button" class="bouton" onclick={acquitter(all, true)}>{"Tout acquitter et fermer"}</button>
                    if !obligatoire {
                        <button type="button" class="bouton bouton-secondaire" onclick={close}>{"Fermer et revenir plus tard"}</button>
                    }
                </div>
            </div>
        </div>
    }
}
