//! « Mes structures »: the structures the user belongs to or asked to join, the one they work for,
//! and what they may open on each (the domain says so, and says why not).

use crate::ui::components::form::{ErrorSummary, Feedback};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::hooks::use_command;
use crate::ui::route::Route;
use domain::kernel::ids::StructureId;
use domain::kernel::time::date_fr;
use domain::organisation::droits::{Action, StatutRattachement};
use domain::organisation::rattachement as rat;
use domain::organisation::utilisateurs;
use yew::prelude::*;

#[component]
pub fn MesStructures() -> Html {
    let cmd = use_command();
    let Some(me) = cmd.app().account() else {
        return html! {};
    };
    let sb = cmd.app().sandbox();
    let current = rat::structure_de_travail(&sb, &me).map(|s| s.id.clone());
    let select = {
        let cmd = cmd.clone();
        Callback::from(move |id: StructureId| {
            // The header shows the new structure de travail; only a refusal needs saying.
            if let Some(Err(e)) = cmd
                .try_run(|sb, actor, _| utilisateurs::choisir_structure_de_travail(sb, actor, &id))
            {
                cmd.set(Feedback {
                    error: Some(e),
                    done: None,
                });
            }
        })
    };
    let rows: Html = rat::of_account(&sb, &me.id)
        .into_iter()
        .map(|(r, s)| {
            let sid = s.id.to_string();
            let is_current = current.as_ref() == Some(&s.id);
            let links = [
                (Action::ConsulterStructure, Route::FicheStructure { id: sid.clone() }, "Fiche structure"),
                (Action::ConsulterServices, Route::Services { id: sid.clone() }, "Services"),
                (Action::ConsulterUtilisateurs, Route::Utilisateurs { id: sid.clone() }, "Utilisateurs"),
            ];
            let mut refusals = Vec::new();
            let allowed: Html = links
                .into_iter()
                .filter_map(|(action, route, label)| match rat::may(&sb, &me.id, &s.id, action) {
                    Ok(()) => Some(html! { <li>{link(route, label, "")}</li> }),
                    Err(why) => {
                        refusals.push(why);
                        None
                    }
                })
                .collect();
            let onclick = {
                let select = select.clone();
                let id = s.id.clone();
                Callback::from(move |_| select.emit(id.clone()))
            };
            html! {
                <tr key={r.id.to_string()}>
                    <td>
                        <strong>{s.display_name().to_string()}</strong><br />
                        <span class="mention">{format!("{} {}", s.identifier_type.label(), s.identifier)}</span>
                        if !s.is_active() { <br /><span class="etiquette">{"Structure désactivée"}</span> }
                    </td>
                    <td>{s.kind.label()}</td>
                    <td>{r.role.label()}</td>
                    <td>
                        {r.status.label()}
                        if let Some(m) = &r.motif { <br /><span class="mention">{format!("Motif : {m}")}</span> }
                        <br /><span class="mention">{format!("Demande du {}", date_fr(r.requested_at))}</span>
                    </td>
                    <td>
                        if r.status == StatutRattachement::Validee {
                            <ul class="liste-actions">{allowed}</ul>
                            { for refusals.into_iter().map(|why| html! { <p class="mention refus">{why}</p> }) }
                            if is_current {
                                <p><strong>{"Structure de travail actuelle"}</strong></p>
                            } else if utilisateurs::peut_travailler_pour(&sb, &me.id, &s.id) {
                                <button type="button" class="bouton bouton-secondaire" {onclick}>{"Travailler pour cette structure"}</button>
                            }
                        }
                    </td>
                </tr>
            }
        })
        .collect();
    let empty = rat::of_account(&sb, &me.id).is_empty();
    html! {
        <Page route={Route::Structures} help={html!{
            <p>{"Les structures auxquelles vous êtes rattaché(e), avec votre rôle et l'état de chaque rattachement. Un même compte peut travailler pour plusieurs structures (un établissement par SIRET, par exemple) : choisissez celle pour laquelle vous travaillez. Les liens proposés dépendent de vos habilitations ; quand une action vous est refusée, la raison est indiquée."}</p>
        }}>
            <ErrorSummary id="erreurs-structures" error={cmd.feedback().error.clone()} />
            <ul class="liste-actions">
                <li>{link(Route::CreerStructure, "Créer une nouvelle structure", "bouton")}</li>
                <li>{link(Route::Rattachement, "Se rattacher à une structure existante", "bouton bouton-secondaire")}</li>
            </ul>
            if empty {
                <p>{"Vous n'êtes rattaché(e) à aucune structure pour l'instant."}</p>
            } else {
                <table class="tableau">
                    <caption>{"Mes rattachements"}</caption>
                    <thead><tr>
                        <th scope="col">{"Structure"}</th><th scope="col">{"Type"}</th><th scope="col">{"Rôle"}</th>
                        <th scope="col">{"Rattachement"}</th><th scope="col">{"Accès"}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        </Page>
    }
}
