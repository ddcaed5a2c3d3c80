//! Users of a structure, for its gestionnaire principal (or a user habilitated « Utilisateurs »):
//! rattachement requests validated or refused one by one or in bulk, habilitations per
//! application, deactivation and detachment, transfer of the GP role, CSV export.

use super::{access, Access};
use crate::ui::components::confirm::ConfirmButton;
use crate::ui::components::form::{checkbox, select_field, ErrorSummary, Feedback, TextField};
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::dom;
use crate::ui::hooks::{use_command, CommandHandle};
use crate::ui::route::Route;
use domain::compte::Compte;
use domain::kernel::ids::{RattachementId, StructureId};
use domain::kernel::time::{date_fr, datetime_fr};
use domain::organisation::droits::{Action, Application, Habilitation, Role, StatutRattachement};
use domain::organisation::rattachement::{self as rat, champs, Decision, Rattachement};
use domain::organisation::utilisateurs::{self as users, ChangementStatut};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use storage::backend::ActionError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: String,
}

#[component]
pub fn Utilisateurs(props: &Props) -> Html {
    let app = use_app();
    let cmd = use_command();
    let route = Route::Utilisateurs {
        id: props.id.clone(),
    };
    let a = match access(
        &app,
        &props.id,
        Action::ConsulterUtilisateurs,
        route.clone(),
    ) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let export = {
        let cmd = cmd.clone();
        let (sid, actor) = (a.structure.id.clone(), a.actor.clone());
        Callback::from(move |_| {
            // Not a command (nothing changes): the export, then the download.
            let r = users::exporter_utilisateurs(&cmd.app().sandbox(), &actor, &sid)
                .map_err(ActionError::Domain)
                .and_then(|csv| {
                    dom::download("utilisateurs.csv", "text/csv;charset=utf-8", &csv)
                        .map_err(ActionError::Browser)
                });
            cmd.show(&r, "Le fichier « utilisateurs.csv » a été téléchargé.");
        })
    };
    let feedback = cmd.feedback();
    let pending: Vec<_> = rat::membres(&a.sb, &a.structure.id)
        .into_iter()
        .filter(|(r, _)| r.status == StatutRattachement::EnCoursDeValidation)
        .map(|(r, acc)| (r.clone(), acc.clone()))
        .collect();
    html! {
        <Page {route} title={Some(AttrValue::from(format!("Utilisateurs — {}", a.structure.display_name())))} help={html!{
            <p>{"Le gestionnaire principal valide ou refuse les demandes de rattachement (une par une ou en lot ; chaque décision envoie un message), règle les habilitations de chaque utilisateur par application (consultation ou modification), désactive ou détache ceux qui ont quitté la structure, et peut transmettre son rôle."}</p>
        }}>
            {feedback.done_html()}
            <ErrorSummary id="erreurs-utilisateurs" error={feedback.error.clone()} />
            if a.may(Action::ExporterUtilisateurs) {
                <div class="actions"><button type="button" class="bouton bouton-secondaire" onclick={export}>{"Exporter les utilisateurs et leurs habilitations (CSV)"}</button></div>
            }
            <Demandes pending={pending} may={a.may(Action::TraiterRattachements)} structure={a.structure.id.clone()} />
            {users_table(&a, &cmd)}
            if a.may(Action::TransfererGestionnairePrincipal) { {transfer(&a)} }
        </Page>
    }
}

#[derive(Properties, PartialEq)]
struct DemandesProps {
    pending: Vec<(Rc<Rattachement>, Rc<Compte>)>,
    may: bool,
    structure: StructureId,
}

#[component]
fn Demandes(props: &DemandesProps) -> Html {
    let cmd = use_command();
    let selected = use_state(BTreeSet::<RattachementId>::new);
    let motif = use_state(String::new);
    let decide = |decision: Decision| {
        let (cmd, selected, motif) = (cmd.clone(), selected.clone(), motif.clone());
        let sid = props.structure.clone();
        Callback::from(move |_| {
            let ids: Vec<RattachementId> = selected.iter().cloned().collect();
            let m = (*motif).clone();
            let r = cmd.try_run(|sb, actor, now| {
                rat::traiter_demandes(sb, actor, &sid, &ids, decision, &m, now)
            });
            match r {
                Some(Ok(n)) => {
                    selected.set(BTreeSet::new());
                    motif.set(String::new());
                    cmd.set(Feedback {
                        error: None,
                        done: Some(decision.message(n)),
                    });
                }
                Some(Err(e)) => cmd.set(Feedback {
                    error: Some(e),
                    done: None,
                }),
                None => {}
            }
        })
    };
    let all = props.pending.len();
    let toggle_all = {
        let selected = selected.clone();
        let ids: BTreeSet<RattachementId> =
            props.pending.iter().map(|(r, _)| r.id.clone()).collect();
        Callback::from(move |on: bool| selected.set(if on { ids.clone() } else { BTreeSet::new() }))
    };
    let sb = cmd.app().sandbox();
    let rows: Html = props
        .pending
        .iter()
        .map(|(r, acc)| {
            let services: Vec<String> = r
                .services
                .iter()
                .filter_map(|s| sb.services.get(s))
                .map(|s| s.code.clone())
                .collect();
            request_row(r, acc, props.may, &selected, services)
        })
        .collect();
    let fb = cmd.feedback();
    html! {
        <section aria-labelledby="titre-demandes">
            <h2 id="titre-demandes">{format!("Demandes de rattachement ({all})")}</h2>
            {fb.done_html()}
            <ErrorSummary id="erreurs-demandes" error={fb.error.clone()} />
            <div>
            if all == 0 {
                <p>{"Aucune demande en attente."}</p>
            } else {
                if props.may {
                    {checkbox("tout-selectionner", "Tout sélectionner", selected.len() == all && all > 0, toggle_all, fb.field(champs::SELECTION))}
                }
                <table class="tableau">
                    <caption>{"Demandes en cours de validation"}</caption>
                    <thead><tr>
                        if props.may { <th scope="col">{"Sélection"}</th> }
                        <th scope="col">{"Demandeur"}</th><th scope="col">{"Date"}</th><th scope="col">{"Services demandés"}</th><th scope="col">{"Commentaire"}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                if props.may {
                    <div class="formulaire">
                        <TextField id={champs::MOTIF.id} label={champs::MOTIF.libelle} value={(*motif).clone()}
                            oninput={{ let motif = motif.clone(); Callback::from(move |v| motif.set(v)) }} error={fb.field(champs::MOTIF)} />
                        <div class="actions">
                            <button type="button" class="bouton" onclick={decide(Decision::Valider)}>{"Valider la sélection"}</button>
                            <button type="button" class="bouton bouton-danger" onclick={decide(Decision::Refuser)}>{"Refuser la sélection"}</button>
                        </div>
                    </div>
                }
            }
            </div>
        </section>
    }
}

/// One pending request, with its checkbox when the user may treat requests.
fn request_row(
    r: &Rattachement,
    acc: &Compte,
    may: bool,
    selected: &UseStateHandle<BTreeSet<RattachementId>>,
    services: Vec<String>,
) -> Html {
    let id = r.id.clone();
    let selected_now = selected.contains(&id);
    let toggle = {
        let selected = selected.clone();
        Callback::from(move |on: bool| {
            let mut s = (*selected).clone();
            if on {
                s.insert(id.clone());
            } else {
                s.remove(&id);
            }
            selected.set(s);
        })
    };
    html! {
        <tr key={r.id.to_string()}>
            if may {
                <td>{checkbox(&format!("demande-{}", r.id), &format!("Sélectionner la demande de {}", acc.full_name()), selected_now, toggle, None)}</td>
            }
            <td>{acc.full_name()}<br /><span class="mention">{acc.login_email.clone()}</span></td>
            <td>{datetime_fr(r.requested_at)}</td>
            <td>{if services.is_empty() { "—".to_string() } else { services.join(", ") }}</td>
            <td>{r.commentaire.clone().unwrap_or_default()}</td>
        </tr>
    }
}

fn habilitations_text(r: &Rattachement, apps: &[Application]) -> String {
    if r.role == Role::GestionnairePrincipal {
        return "Tous les droits".to_string();
    }
    let list: Vec<String> = apps
        .iter()
        .filter_map(|a| {
            r.habilitations
                .get(a)
                .map(|h| format!("{} : {}", a.label(), h.label().to_lowercase()))
        })
        .collect();
    if list.is_empty() {
        "Aucune".to_string()
    } else {
        list.join(", ")
    }
}

fn users_table(a: &Access, cmd: &CommandHandle) -> Html {
    let manage = a.may(Action::DetacherUtilisateur);
    let rows: Html = rat::membres(&a.sb, &a.structure.id)
        .into_iter()
        .filter(|(r, _)| r.status != StatutRattachement::EnCoursDeValidation)
        .map(|(r, acc)| user_row(a, r, acc, manage, cmd))
        .collect();
    html! {
        <section aria-labelledby="titre-liste-utilisateurs">
            <h2 id="titre-liste-utilisateurs">{"Utilisateurs rattachés"}</h2>
            <table class="tableau">
                <caption>{"Utilisateurs de la structure"}</caption>
                <thead><tr>
                    <th scope="col">{"Utilisateur"}</th><th scope="col">{"Rôle"}</th><th scope="col">{"Rattachement"}</th><th scope="col">{"Habilitations"}</th>
                    if manage { <th scope="col">{"Actions"}</th> }
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// One attached user: the buttons are those the domain allows the actor on this rattachement.
fn user_row(
    a: &Access,
    r: &Rc<Rattachement>,
    acc: &Compte,
    manage: bool,
    cmd: &CommandHandle,
) -> Html {
    let apps = &a.structure.applications;
    let can = users::actions_possibles(&a.sb, &a.actor, r);
    let act = |changement: ChangementStatut| {
        let (cmd, id) = (cmd.clone(), r.id.clone());
        Callback::from(move |_| {
            let r = cmd.try_run(|sb, actor, now| {
                users::changer_statut_rattachement(sb, actor, &id, changement, now)
            });
            if let Some(Err(e)) = r {
                cmd.app().with_backend(|b| b.alert(e));
            }
        })
    };
    let name = acc.full_name();
    html! {
        <tr key={r.id.to_string()}>
            <td>{name.clone()}<br /><span class="mention">{acc.login_email.clone()}</span></td>
            <td>{r.role.label()}</td>
            <td>{r.status.label()}{r.decided_at.map(|d| format!(" ({})", date_fr(d))).unwrap_or_default()}</td>
            <td>
                {habilitations_text(r, apps)}
                if can.modifier_habilitations {
                    <HabilitationsEditor rattachement={r.clone()} apps={apps.clone()} name={name.clone()} />
                }
            </td>
            if manage {
                <td>
                    if can.desactiver {
                        <ConfirmButton id={format!("desactiver-{}", r.id)} label={AttrValue::from(format!("Désactiver {name}"))}
                            question={AttrValue::from(format!("Désactiver le rattachement de {name} ? Son accès à la structure sera suspendu."))}
                            on_confirm={act(ChangementStatut::Desactiver)} />
                    }
                    if can.reactiver {
                        <button type="button" class="bouton bouton-secondaire" onclick={act(ChangementStatut::Reactiver).reform(|_: MouseEvent| ())}>{format!("Réactiver {name}")}</button>
                    }
                    if can.detacher {
                        <ConfirmButton id={format!("detacher-{}", r.id)} label={AttrValue::from(format!("Détacher {name}"))} danger=true
                            question={AttrValue::from(format!("Détacher {name} de la structure ? Il ou elle devra refaire une demande pour revenir."))}
                            on_confirm={act(ChangementStatut::Detacher)} />
                    }
                </td>
            }
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    rattachement: Rc<Rattachement>,
    apps: Vec<Application>,
    name: String,
}

/// Per application: none, consultation or modification.
#[component]
fn HabilitationsEditor(props: &EditorProps) -> Html {
    let cmd = use_command();
    let open = use_state(|| false);
    let draft = {
        let h = props.rattachement.habilitations.clone();
        use_state(move || h)
    };
    let feedback = cmd.feedback();
    let rid = props.rattachement.id.to_string();
    if !*open {
        let onclick = {
            let open = open.clone();
            Callback::from(move |_| open.set(true))
        };
        return html! {
            <div>
                {feedback.done_html()}
                <button type="button" class="lien" {onclick}>{format!("Modifier les habilitations de {}", props.name)}</button>
            </div>
        };
    }
    let save = {
        let (cmd, draft, open) = (cmd.clone(), draft.clone(), open.clone());
        let id = props.rattachement.id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let h: BTreeMap<Application, Habilitation> = (*draft).clone();
            let saved = cmd.run(
                "Habilitations enregistrées ; l'utilisateur a reçu un message.",
                |sb, actor, now| users::modifier_habilitations(sb, actor, &id, &h, now),
            );
            if saved.is_some() {
                open.set(false);
            }
        })
    };
    let options = || {
        vec![
            ("aucune".to_string(), "Aucune".to_string()),
            ("consultation".to_string(), "Consultation".to_string()),
            ("modification".to_string(), "Modification".to_string()),
        ]
    };
    html! {
        <form class="formulaire formulaire-compact" onsubmit={save} novalidate=true>
            <fieldset>
                <legend>{format!("Habilitations de {}", props.name)}</legend>
                <ErrorSummary id={AttrValue::from(format!("erreurs-hab-{rid}"))} error={feedback.error.clone()} />
                { for props.apps.iter().enumerate().map(|(i, a)| {
                    let a = *a;
                    let value = match draft.get(&a) {
                        None => "aucune",
                        Some(Habilitation::Consultation) => "consultation",
                        Some(Habilitation::Modification) => "modification",
                    };
                    let draft = draft.clone();
                    select_field(&format!("hab-{rid}-{i}"), a.label(), options(), value, Callback::from(move |v: String| {
                        let mut h = (*draft).clone();
                        match v.as_str() {
                            "consultation" => { h.insert(a, Habilitation::Consultation); }
                            "modification" => { h.insert(a, Habilitation::Modification); }
                            _ => { h.remove(&a); }
                        }
                        draft.set(h);
                    }), None)
                }) }
            </fieldset>
            <div class="actions"><button type="submit" class="bouton">{"Enregistrer les habilitations"}</button></div>
        </form>
    }
}

fn transfer(a: &Access) -> Html {
    // Whom the role may go to is the domain's rule.
    let candidates: Vec<(String, String)> =
        users::candidats_transfert(&a.sb, &a.actor, &a.structure.id)
            .into_iter()
            .map(|(r, acc)| (r.id.to_string(), acc.full_name()))
            .collect();
    html! { <Transfert {candidates} structure={a.structure.id.clone()} /> }
}

#[derive(Properties, PartialEq)]
struct TransfertProps {
    candidates: Vec<(String, String)>,
    structure: StructureId,
}

#[component]
fn Transfert(props: &TransfertProps) -> Html {
    let cmd = use_command();
    let chosen = use_state(String::new);
    let on_confirm = {
        let (cmd, chosen) = (cmd.clone(), chosen.clone());
        let sid = props.structure.clone();
        Callback::from(move |_| {
            let to = RattachementId((*chosen).clone());
            cmd.run(
                "Le rôle de gestionnaire principal a été transmis.",
                |sb, actor, now| {
                    users::transferer_gestionnaire_principal(sb, actor, &sid, &to, now)
                },
            );
        })
    };
    let feedback = cmd.feedback();
    let mut options = vec![(String::new(), "— Choisir un utilisateur —".to_string())];
    options.extend(props.candidates.iter().cloned());
    let nouveau_gp = users::champs::NOUVEAU_GP;
    html! {
        <section aria-labelledby="titre-transfert">
            <h2 id="titre-transfert">{"Transférer le rôle de gestionnaire principal"}</h2>
            {feedback.done_html()}
            <ErrorSummary id="erreurs-transfert" error={feedback.error.clone()} />
            if props.candidates.is_empty() {
                <p>{"Aucun utilisateur validé à qui transmettre le rôle."}</p>
            } else {
                <div class="formulaire">
                    {select_field(nouveau_gp.id, nouveau_gp.libelle, options, &chosen,
                        { let chosen = chosen.clone(); Callback::from(move |v| chosen.set(v)) }, feedback.field(nouveau_gp))}
                    <ConfirmButton id="transferer" label="Transférer le rôle"
                        question="Transmettre le rôle de gestionnaire principal ? Vous resterez utilisateur de la structure."
                        confirm_label="Oui, transférer" {on_confirm} />
                </div>
            }
        </section>
    }
}
