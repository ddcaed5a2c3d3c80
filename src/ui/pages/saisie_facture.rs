//! « Saisir une facture » and « Déposer une facture » (and completing a draft): the form in the
//! portal's order, « Enregistrer le brouillon », then « Valider et envoyer » with the
//! « Confirmation d'envoi » dialog, then the deposit summary with the certificat de dépôt.
//!
//! Attachments' bytes go to IndexedDB first; the invoice record is committed only once they are
//! stored, and they are removed again if the commit is refused (all or nothing).

use super::{access, structure_de_travail, Access};
use crate::ui::components::facture::{self as blocs, Bloc, FormState};
use crate::ui::components::form::{required_note, ErrorSummary, Feedback};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::components::pieces_jointes::{self as pj, Fichiers};
use crate::ui::context::{use_app, AppContext};
use crate::ui::dom;
use crate::ui::route::Route;
use domain::facturation::facture::{Facture, ModeDepot, TypeFacture};
use domain::facturation::routage;
use domain::facturation::saisie::{self, champs, Action, Enregistrement, FormulaireFacture};
use domain::kernel::ids::{FactureId, StructureId};
use domain::kernel::time::paris_date;
use domain::organisation::droits::Action as Droit;
use domain::organisation::rattachement as rat;
use storage::backend::ActionError;
use yew::prelude::*;
use yew_router::prelude::*;
use yew_router::query::Raw;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub mode: ModeDepot,
    /// The draft being completed, if any.
    #[prop_or_default]
    pub id: Option<String>,
}

/// The form a page opens with: the stored draft, or a new invoice as the domain starts it (dated
/// today, with the structure's default bank account).
fn initial(app: &AppContext, id: Option<&String>, mode: ModeDepot) -> FormulaireFacture {
    let sb = app.sandbox();
    if let Some(f) = id.and_then(|id| sb.factures.get(&FactureId::from(id.as_str()))) {
        return FormulaireFacture::from_facture(&sb, f);
    }
    let structure = app
        .account()
        .and_then(|a| rat::structure_de_travail(&sb, &a).cloned());
    FormulaireFacture::initiale(mode, structure.as_deref(), paris_date(app.now()))
}

/// The handles a save needs.
#[derive(Clone)]
struct Save {
    app: AppContext,
    form: UseReducerHandle<FormState>,
    draft: UseStateHandle<Option<FactureId>>,
    feedback: UseStateHandle<Feedback>,
    sent: UseStateHandle<Option<FactureId>>,
    busy: UseStateHandle<bool>,
    confirm: UseStateHandle<bool>,
    emetteur: StructureId,
    navigator: Option<Navigator>,
}

impl Save {
    /// Commits the invoice with its new attachments' bytes (one commit path: bytes stored, then
    /// the record; the bytes removed again if the command is refused).
    fn run(&self, send: bool) {
        let s = self.clone();
        let Some(actor) = s.app.account().map(|a| a.id.clone()) else {
            return;
        };
        let files = s.form.0.octets_a_stocker();
        s.busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let f = s.form.0.clone();
            let id = (*s.draft).clone();
            let result = s
                .app
                .enregistrer_avec_octets(champs::PIECES, &files, |sb, now| {
                    if send {
                        saisie::envoyer(sb, &actor, &s.emetteur, id.as_ref(), &f, now)
                    } else {
                        saisie::enregistrer_brouillon(sb, &actor, &s.emetteur, id.as_ref(), &f, now)
                    }
                })
                .await;
            match result {
                Ok(Enregistrement {
                    facture,
                    pieces_retirees,
                }) => {
                    s.form.dispatch(Action::OctetsStockes(
                        files.into_iter().map(|(id, _)| id).collect(),
                    ));
                    s.app.liberer_octets(pieces_retirees).await;
                    if send {
                        s.confirm.set(false);
                        // The sent invoice gets its own address (`?envoyee=<id>`): a reload
                        // shows it again, and a new form never inherits this one.
                        if let Some(n) = &s.navigator {
                            let _ = n.push_with_query(
                                &route_nouvelle(s.form.0.mode_depot),
                                Raw(format!("envoyee={facture}")),
                            );
                        }
                        s.sent.set(Some(facture));
                    } else {
                        s.draft.set(Some(facture));
                        s.feedback.set(Feedback {
                            error: None,
                            done: Some("Le brouillon est enregistré : retrouvez-le dans « Factures émises — Brouillons ».".to_string()),
                        });
                    }
                }
                Err(e) => {
                    s.confirm.set(false);
                    s.feedback.set(Feedback {
                        error: Some(e),
                        done: None,
                    });
                }
            }
            s.busy.set(false);
        });
    }

    /// « Valider et envoyer »: the domain checks everything first (a dry run); the dialog opens
    /// only for an invoice the portal would accept.
    fn valider(&self) {
        let Some(actor) = self.app.account().map(|a| a.id.clone()) else {
            return;
        };
        let sb = self.app.sandbox();
        let draft = (*self.draft).clone();
        match saisie::envoyer(
            &sb,
            &actor,
            &self.emetteur,
            draft.as_ref(),
            &self.form.0,
            self.app.now(),
        ) {
            Ok(_) => {
                self.feedback.set(Feedback::default());
                self.confirm.set(true);
            }
            Err(e) => self.feedback.set(Feedback {
                error: Some(ActionError::Domain(e)),
                done: None,
            }),
        }
    }
}

/// The page once the invoice is sent: its certificate, and another one.
fn envoyee(
    route: Route,
    sb: &domain::Sandbox,
    id: &FactureId,
    mode: ModeDepot,
    again: Callback<MouseEvent>,
) -> Html {
    let f = sb.factures.get(id).cloned();
    html! {
        <Page {route} title={Some(AttrValue::Static(if f.as_ref().is_some_and(|f| f.type_facture == TypeFacture::Avoir) { "Avoir envoyé" } else { "Facture envoyée" }))} help={html!{
            <p>{"La facture est déposée : le portail la met aussitôt à disposition du destinataire. Le certificat de dépôt atteste la date et le contenu du dépôt ; sa date est opposable."}</p>
        }}>
            <div class="succes" role="status">
                <p>{f.as_ref().map(|f| f.message_envoi()).unwrap_or_default()}</p>
            </div>
            <p class="actions">
                {link(Route::CertificatDepot { id: id.to_string() }, "Certificat de dépôt", "bouton")}
                {link(Route::Facture { id: id.to_string() }, "Consulter la facture", "bouton bouton-secondaire")}
                <button type="button" class="bouton bouton-secondaire" onclick={again}>
                    {if mode == ModeDepot::SaisiePortail { "Saisir une autre facture" } else { "Déposer une autre facture" }}
                </button>
                {link(Route::FacturesEmises, "Factures émises — Synthèse", "")}
            </p>
        </Page>
    }
}

/// The question of « Confirmation d'envoi »: what is sent (invoice or credit note), its amount
/// and its recipient.
fn confirmation_texte(f: &FormulaireFacture, ttc: &str, destinataire: &str) -> String {
    let numero = f.numero.trim();
    if f.type_facture == TypeFacture::Avoir {
        format!("Vous allez envoyer l'avoir n° {numero} de {ttc}. Destinataire : {destinataire}. Une fois envoyé, il ne se modifie plus.")
    } else {
        format!("Vous allez envoyer la facture n° {numero} de {ttc}. Destinataire : {destinataire}. Une fois envoyée, elle ne se modifie plus.")
    }
}

/// The address of a new form of this mode.
fn route_nouvelle(mode: ModeDepot) -> Route {
    match mode {
        ModeDepot::SaisiePortail => Route::SaisirFacture,
        ModeDepot::DepotPdfPortail | ModeDepot::UploadPortail => Route::DeposerFacture,
    }
}

/// The invoice named by `?envoyee=<id>` in the address, if any.
fn envoyee_dans(query: &str) -> Option<FactureId> {
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("envoyee="))
        .filter(|id| domain::kernel::ids::is_valid_id(id))
        .map(FactureId::from)
}

/// « Confirmation d'envoi ».
fn confirmation(
    texte: String,
    busy: bool,
    confirmer: Callback<MouseEvent>,
    annuler: Callback<MouseEvent>,
) -> Html {
    html! {
        <div class="dialogue" role="alertdialog" aria-modal="true" aria-labelledby="confirmation-envoi-titre" aria-describedby="confirmation-envoi-texte">
            <h2 id="confirmation-envoi-titre">{"Confirmation d'envoi"}</h2>
            <p id="confirmation-envoi-texte">{texte}</p>
            <div class="actions">
                <button type="button" id="confirmer-envoi" class="bouton" onclick={confirmer} disabled={busy}>{if busy { "Envoi en cours…" } else { "Confirmer et envoyer" }}</button>
                <button type="button" class="bouton bouton-secondaire" onclick={annuler}>{"Annuler"}</button>
            </div>
        </div>
    }
}

fn aide(mode: ModeDepot) -> Html {
    match mode {
        ModeDepot::SaisiePortail => html! {
            <p>{"Saisissez la facture dans l'ordre du portail : destinataire, fournisseur, cadre de facturation, références, lignes, puis vérifiez le récapitulatif de TVA et les totaux (calculés au centime, TVA par taux sur la somme des lignes). « Enregistrer le brouillon » garde une facture incomplète ; « Valider et envoyer » vérifie tout ce que le portail vérifie avant de déposer la facture."}</p>
        },
        ModeDepot::UploadPortail => html! {},
        ModeDepot::DepotPdfPortail => html! {
            <p>{"Un fichier UBL, CII ou Factur-X (PDF/A-3 avec son XML) se dépose en haut de la page, en flux : le portail en lit les données et les contrôle lui-même. Vous avez déjà votre facture en PDF : déposez-la, puis remplissez les informations d'acheminement (destinataire, code service, engagement juridique…) et les montants qui figurent sur le PDF. Le PDF déposé reste l'original de la facture."}</p>
        },
    }
}

/// A stored draft opens for its own structure; a new invoice for the structure de travail.
fn acces(app: &AppContext, props: &Props, route: &Route) -> Result<Access, Html> {
    let stored: Option<std::rc::Rc<Facture>> = props.id.as_ref().and_then(|id| {
        app.sandbox()
            .factures
            .get(&FactureId::from(id.as_str()))
            .cloned()
    });
    match (&props.id, &stored) {
        (Some(_), None) => Err(html! {
            <Page route={route.clone()} help={html!{ <p>{"Un brouillon supprimé ne se retrouve plus."}</p> }}>
                <p class="alerte" role="alert">{"Ce brouillon n'existe pas (ou plus)."}</p>
                <p>{link(Route::Brouillons, "Retour aux brouillons", "")}</p>
            </Page>
        }),
        (Some(_), Some(f)) => access(
            app,
            f.emetteur.as_str(),
            Droit::EmettreFactures,
            route.clone(),
        ),
        (None, _) => structure_de_travail(app, Droit::EmettreFactures, route.clone()),
    }
}

#[component]
pub fn SaisieFacture(props: &Props) -> Html {
    let app = use_app();
    let route = match (&props.id, props.mode) {
        (Some(id), _) => Route::ModifierBrouillon { id: id.clone() },
        (None, ModeDepot::SaisiePortail) => Route::SaisirFacture,
        (None, ModeDepot::DepotPdfPortail | ModeDepot::UploadPortail) => Route::DeposerFacture,
    };
    let form = {
        let (app, id, mode) = (app.clone(), props.id.clone(), props.mode);
        use_reducer(move || FormState(initial(&app, id.as_ref(), mode)))
    };
    let draft = use_state(|| props.id.as_deref().map(FactureId::from));
    let feedback = use_state(Feedback::default);
    let pdf_error = use_state(|| None::<String>);
    let pieces_error = use_state(|| None::<String>);
    let recherche = use_state(|| None::<String>);
    let confirm = use_state(|| false);
    let sent = use_state(|| None::<FactureId>);
    let busy = use_state(|| false);
    let navigator = use_navigator();
    let query = use_location()
        .map(|l| l.query_str().to_string())
        .unwrap_or_default();
    use_effect_with(*confirm, |open| {
        if *open {
            dom::focus("confirmer-envoi");
        }
    });

    let a = match acces(&app, props, &route) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let edit = form.dispatcher();
    let mode = form.0.mode_depot;

    // Sent: shown from this tab's state, or from the address (`?envoyee=<id>`, e.g. after a
    // reload) for a sent invoice of this structure.
    let envoyee_ici = (*sent).clone().or_else(|| {
        envoyee_dans(&query).filter(|id| {
            a.sb.factures
                .get(id)
                .is_some_and(|f| !f.is_draft() && f.emetteur == a.structure.id)
        })
    });
    if let Some(id) = &envoyee_ici {
        let again = {
            let (edit, sent, draft, feedback, app, confirm) = (
                edit.clone(),
                sent.clone(),
                draft.clone(),
                feedback.clone(),
                app.clone(),
                confirm.clone(),
            );
            let (pdf_error, pieces_error, recherche, navigator) = (
                pdf_error.clone(),
                pieces_error.clone(),
                recherche.clone(),
                navigator.clone(),
            );
            Callback::from(move |_| {
                edit.dispatch(Action::Remplacer(Box::new(initial(&app, None, mode))));
                draft.set(None);
                feedback.set(Feedback::default());
                confirm.set(false);
                pdf_error.set(None);
                pieces_error.set(None);
                recherche.set(None);
                sent.set(None);
                if let Some(n) = &navigator {
                    n.push(&route_nouvelle(mode));
                }
            })
        };
        return envoyee(route, &a.sb, id, mode, again);
    }

    let save = Save {
        app: app.clone(),
        form: form.clone(),
        draft: draft.clone(),
        feedback: feedback.clone(),
        sent: sent.clone(),
        busy: busy.clone(),
        confirm: confirm.clone(),
        emetteur: a.structure.id.clone(),
        navigator: navigator.clone(),
    };
    let on = |f: fn(&Save)| {
        let save = save.clone();
        Callback::from(move |_: MouseEvent| f(&save))
    };
    let onsubmit = {
        let save = save.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            save.run(false);
        })
    };
    let annuler = {
        let confirm = confirm.clone();
        Callback::from(move |_| {
            confirm.set(false);
            dom::focus("valider-envoyer");
        })
    };

    let fb = &*feedback;
    let b = Bloc {
        form: &form.0,
        edit: &edit,
        fb,
        sb: &a.sb,
        structure: &a.structure,
        today: paris_date(app.now()),
    };
    let fichiers = |error| Fichiers {
        app: &app,
        form: &form.0,
        edit: &edit,
        error,
    };
    let totaux = form.0.apercu();
    let destinataire = routage::destinataire_par_identifiant(&a.sb, &form.0.destinataire)
        .map(|s| s.raison_sociale.clone())
        .unwrap_or_default();
    html! {
        <Page route={route.clone()} help={aide(mode)}>
            {fb.done_html()}
            <ErrorSummary id="erreurs-facture" error={fb.error.clone()} />
            if mode == ModeDepot::DepotPdfPortail {
                <super::flux::DepotFlux />
                <h2>{"Déposer une facture PDF"}</h2>
            }
            <form class="formulaire formulaire-facture" {onsubmit} novalidate=true aria-busy={busy.to_string()}>
                {required_note()}
                if mode == ModeDepot::DepotPdfPortail {
                    {pj::bloc_pdf(&fichiers(&pdf_error), fb.field(champs::PDF))}
                }
                {blocs::destinataire(&b, &recherche)}
                {blocs::fournisseur(&b)}
                {blocs::cadre(&b)}
                {blocs::references(&b)}
                if mode == ModeDepot::SaisiePortail {
                    {blocs::lignes(&b)}
                } else {
                    {blocs::montants_deposes(&b)}
                }
                {blocs::recapitulatif(&b, &totaux)}
                {pj::bloc(&fichiers(&pieces_error), fb.field(champs::PIECES))}
                {blocs::commentaire(&b)}
                <div class="actions">
                    <button type="submit" class="bouton bouton-secondaire" disabled={*busy}>{"Enregistrer le brouillon"}</button>
                    <button type="button" id="valider-envoyer" class="bouton" onclick={on(Save::valider)} disabled={*busy}>{"Valider et envoyer"}</button>
                </div>
            </form>
            <div class="zone-dialogue">
                if *confirm {
                    {confirmation(
                        confirmation_texte(&form.0, &totaux.total_ttc.fr_eur(), &destinataire),
                        *busy, on(|s| s.run(true)), annuler)}
                }
            </div>
        </Page>
    }
}
