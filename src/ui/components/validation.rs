//! The A9/A12 validation on the invoice page: where the invoice stands (valideurs, tacit
//! deadline), the valideur's « Valider » / « Refuser » / « Ce n'est pas notre structure », and
//! « Corriger le valideur » for whoever named it. Every rule is `facturation::validation`'s.

use crate::ui::components::confirm::ConfirmButton;
use crate::ui::components::form::{checkbox, select_field, TextField};
use crate::ui::hooks::CommandHandle;
use domain::facturation::facture::{Facture, Statut};
use domain::facturation::validation::{self, champs, Validation};
use domain::kernel::time::datetime_fr;
use domain::Sandbox;
use std::rc::Rc;
use yew::prelude::*;

fn nom(sb: &Sandbox, id: Option<&domain::kernel::ids::StructureId>) -> String {
    id.and_then(|i| sb.structures.get(i))
        .map(|s| format!("{} ({})", s.raison_sociale, s.identifier))
        .unwrap_or_else(|| "—".to_string())
}

/// Where an A9/A12 invoice stands in its validation (a plain view).
pub fn etat_validation(sb: &Sandbox, f: &Facture) -> Html {
    if !f.cadre.needs_valideur() || f.is_draft() {
        return html! {};
    }
    let echeance = validation::echeance(f);
    let refus = validation::refus(f);
    html! {
        <div class="encadre" role="note">
            <p>{format!("Valideur : {}", nom(sb, f.valideur.as_ref()))}
                if f.valideur_2.is_some() { <br />{format!("Second valideur (titulaire) : {}", nom(sb, f.valideur_2.as_ref()))} }</p>
            if let Some(d) = echeance {
                <p>{format!("Sans réponse d'ici le {}, la facture sera validée tacitement et transmise au destinataire.", datetime_fr(d))}</p>
            }
            if let Some(r) = refus {
                <p><strong>{"Motif du refus : "}</strong>{r.commentaire.clone().unwrap_or_default()}</p>
                <p class="mention">{"Une facture refusée ne va pas au destinataire : après correction, déposez une nouvelle facture (choix du bac à sable : les faits ne disent pas si elle peut être reprise)."}</p>
            }
        </div>
    }
}

/// What the valideur's and the correction's forms hold (one state, kept by the invoice page).
#[derive(Clone, Default, PartialEq)]
pub struct Saisie {
    validation: Validation,
    motif: String,
    commentaire: String,
    identifiant: String,
    service: String,
}

impl Saisie {
    /// « Vous êtes titulaire » ticked to start with: the usual case.
    pub fn nouvelle() -> Saisie {
        Saisie {
            validation: Validation {
                titulaire: true,
                ..Validation::default()
            },
            ..Saisie::default()
        }
    }
}

/// The valideur's « Valider » / « Refuser » / « Ce n'est pas notre structure » (`valideur`: shown
/// to a valideur of the invoice, `peut_valider`: it awaits the actor's structure), and « Corriger
/// le valideur » for whoever named it. A plain view: the page holds the state and shows the
/// outcome (one component type less in the bundle).
pub fn validation_facture(
    cmd: &CommandHandle,
    saisie: &UseStateHandle<Saisie>,
    f: &Rc<Facture>,
    droits: (bool, bool, bool),
) -> Html {
    let (valideur, peut_valider, peut_corriger) = droits;
    let niveau = validation::attente(f).map(|(n, _)| n).unwrap_or(1);
    let cotraitant_possible = niveau == 1 && f.cadre == domain::facturation::facture::Cadre::A9;
    let submit = |done: &'static str,
                  commande: fn(
        &Sandbox,
        &domain::kernel::ids::CompteId,
        &domain::kernel::ids::FactureId,
        &Saisie,
        domain::Timestamp,
    ) -> Result<domain::Outcome, domain::DomainError>| {
        let (cmd, saisie, id) = (cmd.clone(), saisie.clone(), f.id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let s = (*saisie).clone();
            cmd.run(done, |sb, actor, now| commande(sb, actor, &id, &s, now));
        })
    };
    let valider = submit(
        "La facture est validée : elle poursuit son circuit.",
        |sb, a, id, s, now| validation::valider(sb, a, id, &s.validation, now),
    );
    let refuser = submit(
        "La facture est refusée : elle retourne au fournisseur avec votre motif.",
        |sb, a, id, s, now| validation::refuser(sb, a, id, &s.motif, &s.commentaire, now),
    );
    let corriger = submit(
        "Le valideur est corrigé : la facture l'attend maintenant, pour 15 jours.",
        |sb, a, id, s, now| {
            validation::corriger_valideur(sb, a, id, &s.identifiant, &s.service, now)
        },
    );
    let erreur = {
        let (cmd, id) = (cmd.clone(), f.id.clone());
        Callback::from(move |_: ()| {
            cmd.run(
                "C'est noté : la facture revient à celui qui vous a désigné, pour qu'il corrige le valideur.",
                |sb, actor, now| validation::signaler_erreur_valideur(sb, actor, &id, now),
            );
        })
    };
    let set_titulaire = {
        let saisie = saisie.clone();
        Callback::from(move |b: bool| {
            let mut n = (*saisie).clone();
            n.validation.titulaire = b;
            saisie.set(n);
        })
    };
    let set = |f: fn(&mut Saisie, String)| crate::ui::components::form::bind(saisie, f);
    let fb = cmd.feedback();
    let mut motifs = vec![(String::new(), "— Choisissez un motif —".to_string())];
    motifs.extend(
        validation::motifs_refus(f.cadre)
            .iter()
            .map(|m| (m.to_string(), m.to_string())),
    );
    let erreur_valideur = matches!(
        f.statut,
        Statut::ErreurFournisseurSurValideur | Statut::ErreurCotraitantSurValideur
    );
    html! {
        <>
            if valideur {
                <section class="panneau" aria-labelledby="titre-valider">
                    <h2 id="titre-valider">{"Valider ou refuser la facture"}</h2>
                    if peut_valider {
                        <p>{"Vérifiez la facture et ses pièces jointes ci-dessous. Validée, elle part automatiquement au destinataire public ; refusée, elle retourne au fournisseur avec votre motif."}</p>
                        <form class="formulaire" onsubmit={valider} novalidate=true>
                            {checkbox(champs::TITULAIRE.id, "Vous êtes titulaire (ou mandataire) du marché", saisie.validation.titulaire, set_titulaire, fb.field(champs::TITULAIRE))}
                            if cotraitant_possible && !saisie.validation.titulaire {
                                <TextField id={champs::SECOND_VALIDEUR.id} label={champs::SECOND_VALIDEUR.libelle} required=true
                                    hint={Some(AttrValue::Static("Cotraitant, vous validez la facture de votre sous-traitant ; le titulaire (ou mandataire) la validera ensuite."))}
                                    value={saisie.validation.second_valideur.clone()} oninput={set(|v, s| v.validation.second_valideur = s)} error={fb.field(champs::SECOND_VALIDEUR)} />
                            }
                            <TextField id={champs::COMPLEMENT.id} label={champs::COMPLEMENT.libelle} value={saisie.validation.complement.clone()}
                                oninput={set(|v, s| v.validation.complement = s)} error={fb.field(champs::COMPLEMENT)} />
                            <div class="actions"><button type="submit" class="bouton">{"Valider"}</button></div>
                        </form>
                        <form class="formulaire" onsubmit={refuser} novalidate=true>
                            {select_field(champs::MOTIF_REFUS.id, champs::MOTIF_REFUS.libelle, motifs, &saisie.motif, set(|v, s| v.motif = s), fb.field(champs::MOTIF_REFUS))}
                            <TextField id="commentaire_refus" label="Commentaire (facultatif)" value={saisie.commentaire.clone()}
                                oninput={set(|v, s| v.commentaire = s)} />
                            <div class="actions"><button type="submit" class="bouton bouton-secondaire">{"Refuser"}</button></div>
                        </form>
                        <p class="actions">
                            <ConfirmButton id="erreur-valideur" label="Ce n'est pas notre structure" confirm_label="Oui, nous ne sommes pas le valideur"
                                question="La facture revient à celui qui vous a désigné comme valideur, pour qu'il corrige son choix."
                                on_confirm={erreur} />
                        </p>
                    } else {
                        <p>{format!("La facture n'attend pas votre validation (statut « {} »).", f.statut.label())}</p>
                    }
                </section>
            }
            if peut_corriger {
                <section class="panneau" aria-labelledby="titre-corriger-valideur">
                    <h2 id="titre-corriger-valideur">{"Corriger le valideur"}</h2>
                    if erreur_valideur {
                        <p class="alerte" role="note">{"La structure désignée a indiqué qu'elle n'est pas le valideur de cette facture : indiquez la bonne structure (le titulaire du marché, ou le mandataire)."}</p>
                    } else {
                        <p>{"Vous vous êtes trompé de valideur ? Indiquez la bonne structure : le délai de 15 jours repart de la correction."}</p>
                    }
                    <form class="formulaire" onsubmit={corriger} novalidate=true>
                        <TextField id={champs::VALIDEUR.id} label={champs::VALIDEUR.libelle} required=true value={saisie.identifiant.clone()}
                            oninput={set(|v, s| v.identifiant = s)} error={fb.field(champs::VALIDEUR)} />
                        <TextField id={champs::SERVICE_VALIDEUR.id} label={champs::SERVICE_VALIDEUR.libelle} value={saisie.service.clone()}
                            oninput={set(|v, s| v.service = s)} error={fb.field(champs::SERVICE_VALIDEUR)} />
                        <div class="actions"><button type="submit" class="bouton">{"Corriger le valideur"}</button></div>
                    </form>
                </section>
            }
        </>
    }
}
