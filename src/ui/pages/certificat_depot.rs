//! The « certificat de dépôt » of a sent invoice: what was deposited, when (sandbox clock, Paris
//! time) and by whom, with the SHA-256 fingerprint of the deposited data. Printable.

use super::access;
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::AppContext;
use crate::ui::dom;
use crate::ui::route::Route;
use domain::facturation::certificat::numero_depot;
use domain::facturation::cycle::qui;
use domain::kernel::ids::FactureId;
use domain::kernel::time::datetime_fr;
use domain::organisation::droits::Action;
use yew::prelude::*;

pub fn certificat_depot(app: &AppContext, id: &str) -> Html {
    let route = Route::CertificatDepot { id: id.to_string() };
    let sb = app.sandbox();
    let help = html! {
        <p>{"Le certificat de dépôt atteste qu'une facture a été déposée sur le portail, à quelle date et avec quel contenu (son empreinte). Sa date de dépôt est opposable : c'est elle qui fait courir le délai de paiement."}</p>
    };
    let facture = sb.factures.get(&FactureId::from(id)).cloned();
    let Some(f) = facture.filter(|f| !f.is_draft()) else {
        return html! {
            <Page {route} {help}>
                <p class="alerte" role="alert">{"Pas de certificat : cette facture n'existe pas ou n'a pas encore été envoyée."}</p>
                <p>{link(Route::FacturesEmises, "Factures émises — Synthèse", "")}</p>
            </Page>
        };
    };
    let a = match access(
        app,
        f.emetteur.as_str(),
        Action::ConsulterFacturesEmises,
        route.clone(),
    ) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let emetteur = a.sb.structures.get(&f.emetteur);
    let dest = f.destinataire_dans(&a.sb);
    let t = f.totaux();
    let row =
        |label: &str, value: String| html! { <><dt>{label.to_string()}</dt><dd>{value}</dd></> };
    let print = Callback::from(|_| dom::print());
    html! {
        <Page route={route.clone()} {help}>
            <p class="actions sans-impression">
                <button type="button" class="bouton" onclick={print}>{"Imprimer ou enregistrer en PDF"}</button>
                {link(Route::Facture { id: f.id.to_string() }, "Consulter la facture", "bouton bouton-secondaire")}
            </p>
            <article class="certificat">
                <p class="mention">{"Bac à sable Chorus Pro — document de formation, sans valeur légale."}</p>
                <dl class="references">
                    {row("Numéro de dépôt", numero_depot(&f))}
                    {row("Date et heure de dépôt", f.depose_le().map(datetime_fr).unwrap_or_default())}
                    {row("Déposée par", qui(&a.sb, f.depose_par()))}
                    {row("Mode de dépôt", f.mode_depot.label().to_string())}
                    {row("Fournisseur", emetteur.map(|s| format!("{} — {} {}", s.raison_sociale, s.identifier_type.label(), s.identifier)).unwrap_or_default())}
                    {row("Destinataire", dest.map(|s| format!("{} — {} {}", s.raison_sociale, s.identifier_type.label(), s.identifier)).unwrap_or_default())}
                    {row("Code service", if f.code_service.is_empty() { "—".to_string() } else { f.code_service.clone() })}
                    {row("Engagement juridique", if f.ej.is_empty() { "—".to_string() } else { f.ej.clone() })}
                    {row("Cadre de facturation", f.cadre.label().to_string())}
                    {row("Numéro de facture", f.numero.clone())}
                    {row("Type", f.type_facture.label().to_string())}
                    {row("Montant HT", t.total_ht.fr_eur())}
                    {row("Montant TTC", t.total_ttc.fr_eur())}
                    {row("Montant à payer", f.a_payer().fr_eur())}
                    {row("Pièces jointes", f.pieces.len().to_string())}
                </dl>
                <h2>{"Empreinte du dépôt (SHA-256)"}</h2>
                <p><code class="empreinte" id="empreinte">{f.empreinte.clone()}</code></p>
                <p class="mention">{"L'empreinte est calculée sur les données de la facture telles que déposées et l'heure du dépôt : la moindre modification de ces données donnerait une autre empreinte."}</p>
            </article>
        </Page>
    }
}
