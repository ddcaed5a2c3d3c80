//! The supplier's answers to a returned invoice (facts §4.3): « Compléter » a suspended invoice
//! (attachments and/or a comment) and « Recycler » one sent back à recycler (only the recipient,
//! its code service and the EJ change; the number stays).

use crate::ui::components::form::{select_field, ErrorSummary, Feedback, TextField};
use crate::ui::components::pieces_jointes::{fichiers_choisis, lire};
use crate::ui::hooks::{use_command, CommandHandle};
use domain::facturation::cycle::reponses::champs;
use domain::facturation::cycle::{self, Recyclage};
use domain::facturation::facture::{Facture, PieceJointe};
use domain::facturation::pieces_jointes::{pieces_acceptees, taille_fr};
use domain::facturation::routage;
use domain::kernel::time::{datetime_fr, paris_date};
use domain::DomainError;
use std::rc::Rc;
use storage::backend::ActionError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub facture: Rc<Facture>,
    /// Called with the success message: the form disappears once the status changed, the page
    /// shows the message.
    pub on_done: Callback<String>,
}

type Fichiers = UseStateHandle<Vec<(PieceJointe, Rc<Vec<u8>>)>>;

/// Reads the chosen files and keeps those the domain accepts; the refusals land on the field.
fn choisir(cmd: &CommandHandle, fichiers: &Fichiers, deja: u64) -> Callback<Event> {
    let (cmd, fichiers) = (cmd.clone(), fichiers.clone());
    Callback::from(move |e: Event| {
        let files = fichiers_choisis(&e);
        let (cmd, fichiers) = (cmd.clone(), fichiers.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let mut next = (*fichiers).clone();
            let total = deja + next.iter().map(|(x, _)| x.taille).sum::<u64>();
            let (lus, mut errors) = lire(files).await;
            let (added, refus) = pieces_acceptees(lus, total);
            errors.extend(refus);
            next.extend(added);
            fichiers.set(next);
            cmd.set(if errors.is_empty() {
                Feedback::default()
            } else {
                Feedback {
                    error: Some(ActionError::Domain(DomainError::field(
                        champs::COMPLEMENT_PIECES,
                        errors.join(" "),
                    ))),
                    done: None,
                }
            });
        });
    })
}

fn liste(fichiers: &Fichiers) -> Html {
    let items: Html = fichiers
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
    html! { <ul class="liste-pieces">{items}</ul> }
}

/// The recipient's motif at the top of the box where the supplier acts: what, who and when.
pub fn motif_destinataire(sb: &domain::Sandbox, f: &Facture) -> Html {
    let Some(m) = cycle::motif_destinataire(sb, f) else {
        return html! {};
    };
    html! {
        <div class="motif-destinataire" role="note">
            <p><strong>{format!("Motif du destinataire ({}) : ", m.statut.label())}</strong>
                {m.motif.unwrap_or_else(|| "aucun motif indiqué.".to_string())}</p>
            <p class="mention">{format!("Par {}, le {}.", m.par, datetime_fr(m.le))}</p>
        </div>
    }
}

/// « Compléter la facture »: the new attachments' bytes and the status go through the one commit
/// path (bytes stored, then the record; the bytes removed again if refused).
#[component]
pub fn Completer(p: &Props) -> Html {
    let cmd = use_command();
    let commentaire = use_state(String::new);
    let fichiers: Fichiers = use_state(Vec::new);
    let deja: u64 = p.facture.pieces.iter().map(|x| x.taille).sum();
    let onsubmit = {
        let (cmd, commentaire, fichiers, id, on_done) = (
            cmd.clone(),
            commentaire.clone(),
            fichiers.clone(),
            p.facture.id.clone(),
            p.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(actor) = cmd.app().account().map(|a| a.id.clone()) else {
                return;
            };
            let (cmd, c, fichiers, id, on_done) = (
                cmd.clone(),
                (*commentaire).clone(),
                (*fichiers).clone(),
                id.clone(),
                on_done.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let octets: Vec<_> = fichiers
                    .iter()
                    .map(|(x, b)| (x.id.clone(), b.clone()))
                    .collect();
                let pieces: Vec<PieceJointe> = fichiers.into_iter().map(|(x, _)| x).collect();
                let r = cmd
                    .app()
                    .enregistrer_avec_octets(champs::COMPLEMENT_PIECES, &octets, |sb, now| {
                        cycle::completer(sb, &actor, &id, &c, &pieces, now)
                    })
                    .await;
                match r {
                    Ok(()) => on_done.emit(
                        "La facture est complétée : le destinataire peut reprendre son traitement."
                            .to_string(),
                    ),
                    Err(e) => cmd.fail(e),
                }
            });
        })
    };
    let oninput = {
        let commentaire = commentaire.clone();
        Callback::from(move |v: String| commentaire.set(v))
    };
    let fb = cmd.feedback();
    let pieces_error = fb.field(champs::COMPLEMENT_PIECES);
    let pieces_id = champs::COMPLEMENT_PIECES.id;
    html! {
        <section class="panneau" aria-labelledby="titre-completer">
            <h2 id="titre-completer">{"Compléter la facture"}</h2>
            {motif_destinataire(&cmd.app().sandbox(), &p.facture)}
            <p>{"Le destinataire a suspendu la facture : ajoutez la pièce manquante et/ou un commentaire. La facture passe alors « Complétée » et son traitement reprend."}</p>
            {fb.done_html()}
            <ErrorSummary id="erreurs-completer" error={fb.error.clone()} />
            <form class="formulaire" {onsubmit} novalidate=true>
                <TextField id={champs::COMPLEMENT_COMMENTAIRE.id} label={champs::COMPLEMENT_COMMENTAIRE.libelle} value={(*commentaire).clone()} {oninput}
                    error={fb.field(champs::COMPLEMENT_COMMENTAIRE)} />
                <div class={classes!("champ", pieces_error.is_some().then_some("champ-en-erreur"))}>
                    <label for={pieces_id}>{"Pièces jointes à ajouter"}</label>
                    if let Some(e) = &pieces_error { <p class="erreur-champ" id={format!("{pieces_id}-erreur")}>{e.clone()}</p> }
                    <input type="file" id={pieces_id} multiple=true onchange={choisir(&cmd, &fichiers, deja)} />
                </div>
                {liste(&fichiers)}
                <div class="actions"><button type="submit" class="bouton">{"Compléter la facture"}</button></div>
            </form>
        </section>
    }
}

/// The form « Recycler » opens with: the invoice's current routing.
fn routage_actuel(sb: &domain::Sandbox, f: &Facture) -> Recyclage {
    Recyclage {
        destinataire: f
            .destinataire_dans(sb)
            .map(|s| s.identifier.clone())
            .unwrap_or_default(),
        code_service: f.code_service.clone(),
        ej: f.ej.clone(),
    }
}

/// « Recycler la facture ».
#[component]
pub fn Recycler(p: &Props) -> Html {
    let cmd = use_command();
    let sb = cmd.app().sandbox();
    let form = {
        let (f, sb) = (p.facture.clone(), sb.clone());
        use_state(move || routage_actuel(&sb, &f))
    };
    let onsubmit = {
        let (cmd, form, id, on_done) = (
            cmd.clone(),
            form.clone(),
            p.facture.id.clone(),
            p.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let r = (*form).clone();
            match cmd.try_run(|sb, actor, now| cycle::recycler(sb, actor, &id, &r, now)) {
                Some(Ok(())) => on_done.emit("La facture est recyclée : elle est de nouveau mise à disposition, au bon destinataire.".to_string()),
                Some(Err(e)) => cmd.fail(e),
                None => {}
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
    let fb = cmd.feedback();
    let services = match routage::destinataire_par_identifiant(&sb, &form.destinataire) {
        Ok(s) => {
            let mut opts = vec![(String::new(), "— Aucun service —".to_string())];
            opts.extend(
                routage::services_actifs(&sb, &s.id, paris_date(cmd.app().now()))
                    .into_iter()
                    .map(|sv| (sv.code.clone(), format!("{} — {}", sv.code, sv.libelle))),
            );
            html! {
                <>
                    <p class="encadre">{format!("{} — paramètres : {}", s.raison_sociale, s.parametres.profile().label())}</p>
                    {select_field(champs::RECYCLAGE_CODE_SERVICE.id, champs::RECYCLAGE_CODE_SERVICE.libelle, opts, &form.code_service,
                        set(|r, v| r.code_service = v), fb.field(champs::RECYCLAGE_CODE_SERVICE))}
                </>
            }
        }
        Err(_) => html! {},
    };
    html! {
        <section class="panneau" aria-labelledby="titre-recycler">
            <h2 id="titre-recycler">{"Recycler la facture"}</h2>
            {motif_destinataire(&sb, &p.facture)}
            <p>{"Le destinataire a renvoyé la facture « à recycler » : corrigez seulement l'identifiant du destinataire, le code service ou l'engagement juridique. Le numéro de facture ne change pas."}</p>
            {fb.done_html()}
            <ErrorSummary id="erreurs-recycler" error={fb.error.clone()} />
            <form class="formulaire" {onsubmit} novalidate=true>
                <TextField id={champs::RECYCLAGE_DESTINATAIRE.id} label="Identifiant du destinataire (SIRET)" required=true value={form.destinataire.clone()}
                    oninput={set(|r, v| r.destinataire = v)} error={fb.field(champs::RECYCLAGE_DESTINATAIRE)} />
                <div class="recyclage-services">{services}</div>
                <TextField id={champs::RECYCLAGE_EJ.id} label="Numéro d'engagement juridique" value={form.ej.clone()}
                    oninput={set(|r, v| r.ej = v)} error={fb.field(champs::RECYCLAGE_EJ)} />
                <div class="actions"><button type="submit" class="bouton">{"Recycler la facture"}</button></div>
            </form>
        </section>
    }
}
