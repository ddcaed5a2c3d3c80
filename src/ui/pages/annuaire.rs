//! The annuaire of public structures: search (identifiant, raison sociale, code postal or ville,
//! type, status) with sorting and pagination, then the detail in the portal's sequence: the
//! structure, its parameters, its active services, each service's parameters.

use crate::ui::components::form::{select_field, TextField};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::{use_app, AppContext};
use crate::ui::route::Route;
use domain::kernel::ids::StructureId;
use domain::kernel::time::day_fr;
use domain::kernel::time::paris_date;
use domain::organisation::annuaire::{self, Colonne, Criteres};
use domain::organisation::structure::{CategoriePublique, ProfilDestinataire, StatutStructure};
use yew::prelude::*;

fn fictitious_note() -> Html {
    html! {
        <p class="alerte alerte-info">{"Annuaire fictif : toutes ces structures, leurs SIRET, adresses et services sont inventés pour la formation. Pour une vraie facture, consultez l'annuaire du portail officiel."}</p>
    }
}

fn options<T: Copy>(all: &[T], label: fn(T) -> &'static str, none: &str) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), none.to_string())];
    out.extend(
        all.iter()
            .enumerate()
            .map(|(i, x)| (i.to_string(), label(*x).to_string())),
    );
    out
}

fn pick<T: Copy>(all: &[T], v: &str) -> Option<T> {
    v.parse::<usize>().ok().and_then(|i| all.get(i).copied())
}

fn index_of<T: Copy + PartialEq>(all: &[T], x: Option<T>) -> String {
    x.and_then(|x| all.iter().position(|y| *y == x))
        .map(|i| i.to_string())
        .unwrap_or_default()
}

const STATUSES: [StatutStructure; 2] = [StatutStructure::Active, StatutStructure::Desactivee];

/// Updates the criteria; any change but the page itself goes back to page 1.
fn update(
    c: &UseStateHandle<Criteres>,
    f: impl Fn(&mut Criteres, String) + 'static,
) -> Callback<String> {
    let c = c.clone();
    Callback::from(move |v: String| {
        let mut n = (*c).clone();
        f(&mut n, v);
        n.page = 1;
        c.set(n);
    })
}

#[component]
pub fn Annuaire() -> Html {
    let app = use_app();
    let criteria = use_state(Criteres::default);
    let sb = app.sandbox();
    let c = &*criteria;
    let page = annuaire::rechercher(
        sb.structures
            .values()
            .filter(|s| s.is_public())
            .map(|s| &**s),
        c,
    );
    let go = |to: usize| {
        let criteria = criteria.clone();
        Callback::from(move |_| {
            let mut n = (*criteria).clone();
            n.page = to;
            criteria.set(n);
        })
    };
    let rows: Html = page
        .items
        .iter()
        .map(|s| html! {
            <tr key={s.id.to_string()}>
                <td class="nombre">{s.identifier.clone()}</td>
                <td>{link(Route::AnnuaireStructure { id: s.id.to_string() }, s.display_name().to_string(), "")}</td>
                <td>{s.adresse.code_postal.clone()}</td>
                <td>{s.adresse.ville.clone()}</td>
                <td>{s.categorie.map(|k| k.label()).unwrap_or("")}</td>
                <td>{s.status.label()}</td>
                <td>{s.parametres.profile().label()}</td>
            </tr>
        })
        .collect();
    let sorts: Vec<(String, String)> = Colonne::ALL
        .iter()
        .enumerate()
        .map(|(i, k)| (i.to_string(), k.label().to_string()))
        .collect();
    let sort_index = Colonne::ALL
        .iter()
        .position(|k| *k == c.tri)
        .unwrap_or(0)
        .to_string();
    html! {
        <Page route={Route::Annuaire} help={html!{
            <p>{"Avant de facturer une entité publique, le fournisseur la cherche dans l'annuaire : il y lit ses paramètres (engagement juridique et/ou code service obligatoires) puis la liste de ses services actifs. La recherche se fait par identifiant, raison sociale, code postal ou ville ; les accents et majuscules sont ignorés."}</p>
        }}>
            {fictitious_note()}
            <form class="formulaire formulaire-recherche" role="search" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <TextField id="recherche_texte" label="Identifiant (SIRET) ou raison sociale" value={c.texte.clone()} oninput={update(&criteria, |n, v| n.texte = v)} />
                <TextField id="recherche_lieu" label="Code postal ou ville" value={c.code_postal_ou_ville.clone()} oninput={update(&criteria, |n, v| n.code_postal_ou_ville = v)} />
                {select_field("recherche_type", "Type de structure", options(&CategoriePublique::ALL, CategoriePublique::label, "Tous les types"),
                    &index_of(&CategoriePublique::ALL, c.categorie), update(&criteria, |n, v| n.categorie = pick(&CategoriePublique::ALL, &v)), None)}
                {select_field("recherche_statut", "Statut", options(&STATUSES, StatutStructure::label, "Tous les statuts"),
                    &index_of(&STATUSES, c.statut), update(&criteria, |n, v| n.statut = pick(&STATUSES, &v)), None)}
                {select_field("recherche_tri", "Trier par", sorts, &sort_index,
                    update(&criteria, |n, v| n.tri = pick(&Colonne::ALL, &v).unwrap_or_default()), None)}
                {select_field("recherche_ordre", "Ordre", vec![("asc".into(), "Croissant".into()), ("desc".into(), "Décroissant".into())],
                    if c.descendant { "desc" } else { "asc" }, update(&criteria, |n, v| n.descendant = v == "desc"), None)}
                {select_field("recherche_par_page", "Résultats par page", ["10", "20", "50"].iter().map(|n| (n.to_string(), n.to_string())).collect(),
                    &c.par_page.to_string(), update(&criteria, |n, v| n.par_page = v.parse().unwrap_or(annuaire::PAR_PAGE)), None)}
            </form>
            <p role="status" id="nombre-resultats">{format!("{} — page {} sur {}", domain::kernel::text::pluriel(page.total, "structure trouvée", "structures trouvées"), page.page, page.pages)}</p>
            if page.total > 0 {
                <table class="tableau">
                    <caption>{"Structures publiques"}</caption>
                    <thead><tr>
                        <th scope="col">{"Identifiant"}</th><th scope="col">{"Raison sociale"}</th><th scope="col">{"Code postal"}</th>
                        <th scope="col">{"Ville"}</th><th scope="col">{"Type"}</th><th scope="col">{"Statut"}</th><th scope="col">{"Paramètres"}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            <nav aria-label="Pagination" class="actions">
                <button type="button" class="bouton bouton-secondaire" disabled={page.page <= 1} onclick={go(page.page.saturating_sub(1))}>{"Page précédente"}</button>
                <button type="button" class="bouton bouton-secondaire" disabled={page.page >= page.pages} onclick={go(page.page + 1)}>{"Page suivante"}</button>
            </nav>
        </Page>
    }
}

/// What a supplier must put on an invoice to this structure, in words.
fn obligations(p: ProfilDestinataire) -> &'static str {
    match p {
        ProfilDestinataire::SansParametre => "Ni code service ni engagement juridique ne sont exigés par la structure (un service peut toutefois exiger un engagement juridique).",
        ProfilDestinataire::CodeServiceObligatoire => "La facture doit indiquer un code service parmi les services actifs ci-dessous.",
        ProfilDestinataire::EjObligatoire => "La facture doit indiquer le numéro d'engagement juridique (bon de commande) communiqué par l'acheteur.",
        ProfilDestinataire::EjOuCodeService => "La facture doit indiquer au moins l'un des deux : un code service ou un numéro d'engagement juridique.",
        ProfilDestinataire::EjEtCodeService => "La facture doit indiquer à la fois un code service et un numéro d'engagement juridique.",
    }
}

pub fn annuaire_structure(app: &AppContext, id: &str) -> Html {
    let sb = app.sandbox();
    let route = Route::AnnuaireStructure { id: id.to_string() };
    let Some(s) = sb
        .structures
        .get(&StructureId::from(id))
        .filter(|s| s.is_public())
        .cloned()
    else {
        return html! {
            <Page {route} title={Some(AttrValue::Static("Structure introuvable"))} help={html!{ <p>{"L'annuaire ne contient que les structures publiques."}</p> }}>
                <p>{"Cette structure n'est pas dans l'annuaire. "}{link(Route::Annuaire, "Retour à la recherche", "")}</p>
            </Page>
        };
    };
    let today = paris_date(app.now());
    let services = annuaire::services_actifs(sb.services.values().map(|s| &**s), &s.id, today);
    let p = s.parametres;
    let yes = |b: bool| if b { "Oui" } else { "Non" };
    html! {
        <Page {route} title={Some(AttrValue::from(s.display_name().to_string()))} help={html!{
            <p>{"La fiche suit l'ordre du portail : la structure, ses paramètres (ce qu'elle exige sur les factures), ses services actifs, puis les paramètres propres à chaque service."}</p>
        }}>
            {fictitious_note()}
            <section aria-labelledby="titre-annuaire-structure">
                <h2 id="titre-annuaire-structure">{"1. La structure"}</h2>
                <dl class="fiche">
                    <dt>{"Identifiant (SIRET)"}</dt><dd>{s.identifier.clone()}</dd>
                    <dt>{"Raison sociale"}</dt><dd>{s.raison_sociale.clone()}</dd>
                    <dt>{"Type"}</dt><dd>{s.categorie.map(|k| k.label()).unwrap_or("")}</dd>
                    <dt>{"Adresse"}</dt><dd>{format!("{}, {} {}", s.adresse.adresse, s.adresse.code_postal, s.adresse.ville)}</dd>
                    <dt>{"Statut"}</dt><dd>{s.status.label()}</dd>
                    if let Some(e) = &s.email { <dt>{"Courriel"}</dt><dd>{e.clone()}</dd> }
                    if let Some(t) = &s.telephone { <dt>{"Téléphone"}</dt><dd>{t.clone()}</dd> }
                </dl>
                if !s.is_active() {
                    <p class="alerte alerte-avertissement">{"Structure désactivée : on ne peut plus lui adresser de facture."}</p>
                }
            </section>
            <section aria-labelledby="titre-annuaire-parametres">
                <h2 id="titre-annuaire-parametres">{"2. Ses paramètres"}</h2>
                <p><strong>{p.profile().label()}</strong>{" — "}{obligations(p.profile())}</p>
                <dl class="fiche">
                    <dt>{"Code service obligatoire"}</dt><dd>{yes(p.code_service_obligatoire)}</dd>
                    <dt>{"Engagement juridique obligatoire"}</dt><dd>{yes(p.ej_obligatoire)}</dd>
                    <dt>{"Engagement juridique ou code service"}</dt><dd>{yes(p.ej_ou_code_service)}</dd>
                    <dt>{"Statut « mise en paiement » remonté"}</dt><dd>{yes(!p.mise_en_paiement_non_remontee)}</dd>
                    <dt>{"Maître d'ouvrage (MOA)"}</dt><dd>{if p.est_moa_uniquement { "Uniquement" } else { yes(p.est_moa) }}</dd>
                </dl>
            </section>
            <section aria-labelledby="titre-annuaire-services">
                <h2 id="titre-annuaire-services">{format!("3. Ses services actifs ({})", services.len())}</h2>
                if services.is_empty() {
                    <p>{"Aucun service actif."}</p>
                } else {
                    <table class="tableau">
                        <caption>{"Services actifs et leurs paramètres (4.)"}</caption>
                        <thead><tr>
                            <th scope="col">{"Code service"}</th><th scope="col">{"Libellé"}</th>
                            <th scope="col">{"Engagement juridique obligatoire"}</th><th scope="col">{"Validité"}</th>
                        </tr></thead>
                        <tbody>
                            { for services.iter().map(|sv| html! {
                                <tr key={sv.id.to_string()}>
                                    <td><code>{sv.code.clone()}</code></td>
                                    <td>{sv.libelle.clone()}
                                        if let Some(d) = &sv.description { <br /><span class="mention">{d.clone()}</span> }</td>
                                    <td>{if sv.ej_obligatoire || p.ej_obligatoire { "Oui" } else { "Non" }}</td>
                                    <td>{match sv.fin_validite { Some(f) => format!("jusqu'au {}", day_fr(f)), None => "sans date de fin".to_string() }}</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            <p>{link(Route::Annuaire, "Retour à la recherche", "")}</p>
        </Page>
    }
}
