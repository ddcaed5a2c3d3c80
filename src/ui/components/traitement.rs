//! « Traiter »: the recipient sets a new status on one invoice or on a selection, with the motif
//! the domain requires (rejet, suspension) or the comment (à recycler), and the mandat number
//! with « Mandatée ». The statuses offered are those the domain allows for every invoice chosen.

use crate::ui::components::form::{select_field, ErrorSummary, Feedback, TextField};
use crate::ui::hooks::use_command;
use domain::facturation::cycle::traitement::champs;
use domain::facturation::cycle::{self, ExigencesTraitement, Traitement};
use domain::facturation::facture::Statut;
use domain::kernel::ids::FactureId;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub ids: Vec<FactureId>,
    /// Statuses the domain allows for all of `ids`.
    pub possibles: Vec<Statut>,
    /// Called with the success message once the invoices are treated.
    #[prop_or_default]
    pub on_done: Callback<String>,
}

#[component]
pub fn Traiter(p: &Props) -> Html {
    let cmd = use_command();
    let form = use_state(Traitement::default);
    let onsubmit = {
        let (cmd, form, ids, on_done) =
            (cmd.clone(), form.clone(), p.ids.clone(), p.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let t = (*form).clone();
            match cmd.try_run(|sb, actor, now| cycle::traiter(sb, actor, &ids, &t, now)) {
                Some(Ok(n)) => {
                    let label = Statut::from_code(&t.statut)
                        .map(|s| s.label())
                        .unwrap_or("");
                    let message = if n > 1 {
                        format!("{n} factures sont passées au statut « {label} ».")
                    } else {
                        format!("La facture est passée au statut « {label} ».")
                    };
                    form.set(Traitement::default());
                    on_done.emit(message.clone());
                    cmd.set(Feedback {
                        error: None,
                        done: Some(message),
                    });
                }
                Some(Err(e)) => cmd.fail(e),
                None => {}
            }
        })
    };
    let set = |f: fn(&mut Traitement, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
        })
    };
    let mut options = vec![(String::new(), "— Choisir —".to_string())];
    options.extend(p.possibles.iter().map(|s| {
        let who = match cycle::acteur(*s) {
            cycle::Acteur::Comptable => " (pour le comptable public)",
            _ => "",
        };
        (s.code().to_string(), format!("{}{who}", s.label()))
    }));
    let fb = cmd.feedback();
    // What the chosen status requires, as the domain states it.
    let statut = Statut::from_code(&form.statut);
    let exigences = ExigencesTraitement::pour(statut);
    let suggestions = cycle::motifs_usuels(statut);
    html! {
        <section class="panneau" aria-labelledby="titre-traiter">
            <h2 id="titre-traiter">{if p.ids.len() > 1 { format!("Traiter les {} factures sélectionnées", p.ids.len()) } else { "Traiter la facture".to_string() }}</h2>
            {fb.done_html()}
            if p.possibles.is_empty() {
                <p>{{
                    let sb = cmd.app().sandbox();
                    let statuts: Vec<Statut> = p.ids.iter().filter_map(|id| sb.factures.get(id)).map(|f| f.statut).collect();
                    cycle::aucun_traitement(&statuts)
                }}</p>
            } else {
                <ErrorSummary id="erreurs-traitement" error={fb.error.clone()} />
                <form class="formulaire" {onsubmit} novalidate=true>
                    {select_field(champs::STATUT.id, champs::STATUT.libelle, options, &form.statut, set(|t, v| t.statut = v), fb.field(champs::STATUT))}
                    <TextField id={champs::MOTIF.id} label={exigences.libelle_motif()} value={form.motif.clone()} required={exigences.motif_obligatoire()}
                        hint={Some(AttrValue::Static(if suggestions.is_empty() {
                            "255 caractères au plus ; envoyé au fournisseur avec la notification."
                        } else {
                            "Choisissez un motif proposé ou écrivez le vôtre (texte libre, 255 caractères au plus) ; envoyé au fournisseur avec la notification."
                        }))}
                        list={(!suggestions.is_empty()).then_some(AttrValue::Static("motifs-usuels"))}
                        oninput={set(|t, v| t.motif = v)} error={fb.field(champs::MOTIF)} />
                    <datalist id="motifs-usuels">
                        { for suggestions.iter().map(|m| html! { <option value={*m} /> }) }
                    </datalist>
                    <div class="mandat">
                        if exigences.mandat {
                            <TextField id={champs::MANDAT.id} label="Numéro de mandat (facultatif)" value={form.mandat.clone()}
                                oninput={set(|t, v| t.mandat = v)} error={fb.field(champs::MANDAT)} />
                        }
                    </div>
                    <div class="actions">
                        <button type="submit" class="bouton">{"Valider le traitement"}</button>
                    </div>
                </form>
            }
        </section>
    }
}
