//! The supplier's answers to a returned invoice (facts §4.3): « Compléter » a suspended invoice
//! (attachments and/or a comment) and « Recycler » one sent back à recycler (only the recipient,
//! its code service and the EJ change; the number stays).

use crate::ui::components::form::{select_field, ErrorSummary, Feedback, TextField};
use crate::ui::components::pieces_jointes::enregistrer_avec_octets;
use crate::ui::context::use_app;
use crate::ui::dom;
use domain::facturation::cycle::{self, Recyclage};
use domain::facturation::facture::{Facture, PieceJointe};
use domain::facturation::pieces_jointes::{self as pj, taille_fr};
use domain::facturation::saisie;
use domain::kernel::ids::PieceJointeId;
use domain::kernel::time::paris_date;
use domain::DomainError;
use std::rc::Rc;
use storage::backend::ActionError;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub facture: Rc<Facture>,
    /// Called with the success message: the form disappears once the status changed, the page
    /// shows the message.
    pub on_done: Callback<String>,
}

/// « Compléter la facture »: bytes go to IndexedDB first, then the status; undone if refused.
#[component]
pub fn Completer(p: &Props) -> Html {
    let app = use_app();
    let commentaire = use_state(String::new);
    let fichiers = use_state(Vec::<(PieceJointe, Rc<Vec<u8>>)>::new);
    let feedback = use_state(Feedback::default);
    let deja: u64 = p.facture.pieces.iter().map(|x| x.taille).sum();
    let onchange = {
        let (fichiers, feedback) = (fichiers.clone(), feedback.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let files: Vec<web_sys::File> = input
                .files()
                .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
                .unwrap_or_default();
            input.set_value("");
            let (fichiers, feedback) = (fichiers.clone(), feedback.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let mut next = (*fichiers).clone();
                let mut errors = Vec::new();
                for file in files {
                    let total = deja + next.iter().map(|(x, _)| x.taille).sum::<u64>();
                    let (nom, taille) = (file.name(), file.size() as u64);
                    if let Err(e) = pj::verifier_piece(&nom, taille, total) {
                        errors.push(e);
                        continue;
                    }
                    match dom::read_bytes(&file).await {
                        Ok(bytes) => next.push((
                            PieceJointe {
                                id: PieceJointeId::generate(),
                                nom,
                                taille,
                                principale: false,
                            },
                            Rc::new(bytes),
                        )),
                        Err(e) => errors.push(e),
                    }
                }
                fichiers.set(next);
                feedback.set(if errors.is_empty() {
                    Feedback::default()
                } else {
                    Feedback {
                        error: Some(ActionError::Domain(DomainError::field(
                            "complement_pieces",
                            errors.join(" "),
                        ))),
                        done: None,
                    }
                });
            });
        })
    };
    let onsubmit =
        {
            let (app, commentaire, fichiers, feedback, id, on_done) = (
                app.clone(),
                commentaire.clone(),
                fichiers.clone(),
                feedback.clone(),
                p.facture.id.clone(),
                p.on_done.clone(),
            );
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                let Some(actor) = app.account().map(|a| a.id.clone()) else {
                    return;
                };
                let (app, commentaire, fichiers, feedback, id, on_done) = (
                    app.clone(),
                    commentaire.clone(),
                    fichiers.clone(),
                    feedback.clone(),
                    id.clone(),
                    on_done.clone(),
                );
                wasm_bindgen_futures::spawn_local(async move {
                    let bytes: Vec<(String, Vec<u8>)> = fichiers
                        .iter()
                        .map(|(x, b)| (x.id.to_string(), (**b).clone()))
                        .collect();
                    let pieces: Vec<PieceJointe> =
                        fichiers.iter().map(|(x, _)| x.clone()).collect();
                    let c = (*commentaire).clone();
                    let r = enregistrer_avec_octets("complement_pieces", &bytes, || {
                        app.run(|sb, now| cycle::completer(sb, &actor, &id, &c, &pieces, now))
                    })
                    .await;
                    match r {
                    Ok(()) => on_done.emit(
                        "La facture est complétée : le destinataire peut reprendre son traitement."
                            .to_string(),
                    ),
                    Err(e) => feedback.set(Feedback { error: Some(e), done: None }),
                }
                });
            })
        };
    let fb = &*feedback;
    let liste: Html = fichiers
        .iter()
        .map(|(x, _)| {
            let remove = {
                let (fichiers, id) = (fichiers.clone(), x.id.clone());
                Callback::from(move |_| {
                    let mut next = (*fichiers).clone();
                    next.retain(|(y, _)| y.id != id);
                    fichiers.set(next);
                })
            };
            html! {
                <li key={x.id.to_string()}>{format!("{} ({}) ", x.nom, taille_fr(x.taille))}
                    <button type="button" class="lien" onclick={remove} aria-label={format!("Retirer {}", x.nom)}>{"Retirer"}</button></li>
            }
        })
        .collect();
    let oninput = {
        let commentaire = commentaire.clone();
        Callback::from(move |v: String| commentaire.set(v))
    };
    let pieces_error = fb.field("complement_pieces");
    html! {
        <section class="panneau" aria-labelledby="titre-completer">
            <h2 id="titre-completer">{"Compléter la facture"}</h2>
            <p>{"Le destinataire a suspendu la facture : ajoutez la pièce manquante et/ou un commentaire. La facture passe alors « Complétée » et son traitement reprend."}</p>
            {fb.done_html()}
            <ErrorSummary id="erreurs-completer" error={fb.error.clone()} fields={vec![("complement_commentaire", "Commentaire"), ("complement_pieces", "Pièces jointes")]} />
            <form class="formulaire" {onsubmit} novalidate=true>
                <TextField id="complement_commentaire" label="Commentaire" value={(*commentaire).clone()} {oninput}
                    error={fb.field("complement_commentaire")} />
                <div class={classes!("champ", pieces_error.is_some().then_some("champ-en-erreur"))}>
                    <label for="complement_pieces">{"Pièces jointes à ajouter"}</label>
                    if let Some(e) = &pieces_error { <p class="erreur-champ" id="complement_pieces-erreur">{e.clone()}</p> }
                    <input type="file" id="complement_pieces" multiple=true {onchange} />
                </div>
                <ul class="liste-pieces">{liste}</ul>
                <div class="actions"><button type="submit" class="bouton">{"Compléter la facture"}</button></div>
            </form>
        </section>
    }
}

/// « Recycler la facture ».
#[component]
pub fn Recycler(p: &Props) -> Html {
    let app = use_app();
    let sb = app.sandbox();
    let initial = {
        let f = p.facture.clone();
        let sb = sb.clone();
        move || Recyclage {
            destinataire: f
                .destinataire
                .as_ref()
                .and_then(|d| sb.structures.get(d))
                .map(|s| s.identifier.clone())
                .unwrap_or_default(),
            code_service: f.code_service.clone(),
            ej: f.ej.clone(),
        }
    };
    let form = use_state(initial);
    let feedback = use_state(Feedback::default);
    let onsubmit = {
        let (app, form, feedback, id, on_done) = (
            app.clone(),
            form.clone(),
            feedback.clone(),
            p.facture.id.clone(),
            p.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let r = (*form).clone();
            match app.run(|sb, now| cycle::recycler(sb, &actor, &id, &r, now)) {
                Ok(()) => on_done.emit("La facture est recyclée : elle est de nouveau mise à disposition, au bon destinataire.".to_string()),
                Err(e) => feedback.set(Feedback { error: Some(e), done: None }),
            }
        })
    };
    let set = |f: fn(&mut Recyclage, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
        })
    };
    let services = match saisie::destinataire_par_identifiant(&sb, &form.destinataire) {
        Ok(s) => {
            let mut opts = vec![(String::new(), "— Aucun service —".to_string())];
            opts.extend(
                saisie::services_actifs(&sb, &s.id, paris_date(app.now()))
                    .into_iter()
                    .map(|sv| (sv.code.clone(), format!("{} — {}", sv.code, sv.libelle))),
            );
            html! {
                <>
                    <p class="encadre">{format!("{} — paramètres : {}", s.raison_sociale, s.parametres.profile().label())}</p>
                    {select_field("recyclage_code_service", "Code service", opts, &form.code_service, set(|r, v| r.code_service = v), feedback.field("recyclage_code_service"))}
                </>
            }
        }
        Err(_) => html! {},
    };
    let fb = &*feedback;
    html! {
        <section class="panneau" aria-labelledby="titre-recycler">
            <h2 id="titre-recycler">{"Recycler la facture"}</h2>
            <p>{"Le destinataire a renvoyé la facture « à recycler » : corrigez seulement l'identifiant du destinataire, le code service ou l'engagement juridique. Le numéro de facture ne change pas."}</p>
            {fb.done_html()}
            <ErrorSummary id="erreurs-recycler" error={fb.error.clone()} fields={vec![("recyclage_destinataire", "Identifiant du destinataire"), ("recyclage_code_service", "Code service"), ("recyclage_ej", "Engagement juridique")]} />
            <form class="formulaire" {onsubmit} novalidate=true>
                <TextField id="recyclage_destinataire" label="Identifiant du destinataire (SIRET)" required=true value={form.destinataire.clone()}
                    oninput={set(|r, v| r.destinataire = v)} error={fb.field("recyclage_destinataire")} />
                <div class="recyclage-services">{services}</div>
                <TextField id="recyclage_ej" label="Numéro d'engagement juridique" value={form.ej.clone()}
                    oninput={set(|r, v| r.ej = v)} error={fb.field("recyclage_ej")} />
                <div class="actions"><button type="submit" class="bouton">{"Recycler la facture"}</button></div>
            </form>
        </section>
    }
}
