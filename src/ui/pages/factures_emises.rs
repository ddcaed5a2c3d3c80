//! « Factures émises »: the « Synthèse » of sent invoices (the shared search list) and the
//! « Brouillons », for the user's structure de travail. Open, duplicate into a new draft, complete
//! or delete a draft.

use super::structure_de_travail;
use crate::ui::components::badge;
use crate::ui::components::confirm::ConfirmButton;
use crate::ui::components::link;
use crate::ui::components::liste_factures::ListeFactures;
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::hooks::{use_command, CommandHandle};
use crate::ui::route::Route;
use domain::facturation::facture::{self, Facture};
use domain::facturation::recherche::Cote;
use domain::facturation::saisie;
use domain::kernel::time::day_fr;
use domain::kernel::time::{date_fr, datetime_fr};
use domain::organisation::droits::Action;
use domain::Sandbox;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The « Brouillons » tab rather than the « Synthèse ».
    pub brouillons: bool,
}

/// The recipient's name for lists.
pub fn destinataire(sb: &Sandbox, f: &Facture) -> String {
    f.destinataire_dans(sb)
        .map(|s| s.display_name().to_string())
        .unwrap_or_else(|| "—".to_string())
}

/// One row of the « Brouillons » table, with « Dupliquer » and « Supprimer » for an issuer.
fn ligne(
    cmd: &CommandHandle,
    navigator: &Option<Navigator>,
    sb: &Sandbox,
    f: &Facture,
    emettre: bool,
) -> Html {
    let t = f.totaux();
    let numero = f.designation_liste();
    let open = if f.is_draft() {
        link(
            Route::ModifierBrouillon {
                id: f.id.to_string(),
            },
            numero.clone(),
            "",
        )
    } else {
        link(
            Route::Facture {
                id: f.id.to_string(),
            },
            numero.clone(),
            "",
        )
    };
    let duplicate = {
        let (cmd, navigator, id) = (cmd.clone(), navigator.clone(), f.id.clone());
        Callback::from(move |_| {
            match cmd.try_run(|sb, actor, now| saisie::dupliquer(sb, actor, &id, now)) {
                Some(Ok(copy)) => {
                    if let Some(n) = &navigator {
                        n.push(&Route::ModifierBrouillon {
                            id: copy.to_string(),
                        });
                    }
                }
                Some(Err(e)) => cmd.fail(e),
                None => {}
            }
        })
    };
    let delete = {
        let (cmd, id) = (cmd.clone(), f.id.clone());
        Callback::from(move |_| {
            let pieces = cmd.run(
                "Le brouillon est supprimé, avec ses pièces jointes.",
                |sb, actor, _| saisie::supprimer_brouillon(sb, actor, &id),
            );
            if let Some(pieces) = pieces {
                let app = cmd.app().clone();
                wasm_bindgen_futures::spawn_local(async move { app.liberer_octets(pieces).await });
            }
        })
    };
    let service = if f.code_service.is_empty() {
        "—".to_string()
    } else {
        f.code_service.clone()
    };
    html! {
        <tr key={f.id.to_string()}>
            <td>{open}</td>
            <td>{f.date.map(day_fr).unwrap_or_else(|| "—".to_string())}</td>
            <td>{if f.is_draft() { date_fr(f.cree_le) } else { f.depose_le().map(datetime_fr).unwrap_or_default() }}</td>
            <td>{destinataire(sb, f)}</td>
            <td>{service}</td>
            <td>{f.type_facture.label()}</td>
            <td class="montant">{t.total_ht.fr_eur()}</td>
            <td class="montant">{t.total_ttc.fr_eur()}</td>
            <td>{badge(f.statut)}</td>
            if emettre {
                <td class="actions-ligne">
                    <button type="button" class="lien" onclick={duplicate} aria-label={format!("Dupliquer la facture {numero}")}>{"Dupliquer"}</button>
                    if f.is_draft() {
                        <ConfirmButton id={format!("supprimer-{}", f.id)} label="Supprimer" danger=true
                            question={format!("Supprimer le brouillon {numero} et ses pièces jointes ?")}
                            confirm_label="Supprimer le brouillon" on_confirm={delete} />
                    }
                </td>
            }
        </tr>
    }
}

/// « Brouillons »: the drafts, with the last action's outcome.
fn brouillons(cmd: &CommandHandle, rows: Html, count: usize, emettre: bool) -> Html {
    let fb = cmd.feedback();
    html! {
        <>
            {fb.done_html()}
            <div class="zone-erreur">
                if let Some(e) = &fb.error { <p class="alerte alerte-erreur" role="alert">{e.to_string()}</p> }
            </div>
            <p>{format!("{count} {}", if count > 1 { "brouillons" } else { "brouillon" })}</p>
            if count == 0 {
                <p class="vide">{"Aucun brouillon. « Saisir une facture » puis « Enregistrer le brouillon » garde une facture à compléter plus tard."}</p>
            } else {
                <table class="tableau">
                    <caption>{"Brouillons"}</caption>
                    <thead><tr>
                        <th scope="col">{"Numéro"}</th>
                        <th scope="col">{"Date de facture"}</th>
                        <th scope="col">{"Créé le"}</th>
                        <th scope="col">{"Destinataire"}</th>
                        <th scope="col">{"Service"}</th>
                        <th scope="col">{"Type"}</th>
                        <th scope="col">{"Montant HT"}</th>
                        <th scope="col">{"Montant TTC"}</th>
                        <th scope="col">{"Statut"}</th>
                        if emettre { <th scope="col">{"Actions"}</th> }
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        </>
    }
}

#[component]
pub fn FacturesEmises(props: &Props) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let cmd = use_command();
    let route = if props.brouillons {
        Route::Brouillons
    } else {
        Route::FacturesEmises
    };
    let a = match structure_de_travail(&app, Action::ConsulterFacturesEmises, route.clone()) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let emettre = a.may(Action::EmettreFactures);
    // The Synthèse is the shared search list; the drafts keep their own table.
    let list = if props.brouillons {
        facture::emises(&a.sb, &a.structure.id, true)
    } else {
        Vec::new()
    };
    let rows: Html = list
        .iter()
        .map(|f| ligne(&cmd, &navigator, &a.sb, f, emettre))
        .collect();
    let help = if props.brouillons {
        html! {
            <p>{"Les Brouillons sont les factures enregistrées sans être envoyées. Cliquez sur un numéro pour compléter le brouillon. « Dupliquer » crée un nouveau brouillon à partir d'une facture, sans son numéro ni ses pièces jointes."}</p>
        }
    } else {
        html! {
            <p>{"La Synthèse liste les factures envoyées par votre structure avec leur statut. Chaque critère filtre la liste dès la saisie ; l'adresse de la page garde la recherche (vous pouvez la mettre en favori). Les rejets déjà traités sont masqués par défaut (« Rejets traités »). Cliquez sur un en-tête de colonne pour trier, sur un numéro pour ouvrir la facture (elle propose « Dupliquer ») ; « Exporter en CSV » enregistre toutes les factures trouvées."}</p>
        }
    };
    html! {
        <Page route={route.clone()} title={Some(AttrValue::from(format!("{} — {}", route.title(), a.structure.display_name())))} {help}>
            <div class="barre-onglets">
            <nav class="onglets" aria-label="Factures émises">
                <ul>
                    <li>{link(Route::FacturesEmises, "Synthèse", if props.brouillons { "" } else { "actif" })}</li>
                    <li>{link(Route::Brouillons, "Brouillons", if props.brouillons { "actif" } else { "" })}</li>
                    <li>{link(Route::SuiviFlux, "Suivi des flux", "")}</li>
                </ul>
            </nav>
            if emettre {
                <p class="actions">
                    {link(Route::SaisirFacture, "Saisir une facture", "bouton")}
                    {link(Route::DeposerFacture, "Déposer une facture", "bouton bouton-secondaire")}
                </p>
            }
            </div>
            if props.brouillons {
                {brouillons(&cmd, rows, list.len(), emettre)}
            } else {
                <ListeFactures cote={Cote::Emises} structure={a.structure.id.clone()} route={Route::FacturesEmises} />
            }
        </Page>
    }
}
