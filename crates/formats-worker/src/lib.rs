//! The formats worker's work, pure: one request of the protocol (`formats_protocole`) in, its
//! answer out. Writes and reads files with the `formats` crate; decides nothing else.

use domain::facturation::facture::Facture;
use domain::organisation::structure::{Service, Structure};
use domain::Sandbox;
use formats::zip::{archive, noms_uniques, Fichier};
use formats::{api, cii, Document};
use protocole::{Dossier, Entree, Reponse, Requete};
use std::rc::Rc;

/// Answers one request (`json`, with its files' bytes): the answer's JSON and its bytes.
pub fn traiter(json: &str, octets: Vec<Vec<u8>>) -> (String, Vec<Vec<u8>>) {
    let (reponse, octets) = match Requete::from_json(json).and_then(|r| repondre(r, octets)) {
        Ok(r) => r,
        Err(message) => (Reponse::Erreur { message }, Vec::new()),
    };
    (reponse.to_json(), octets)
}

fn repondre(r: Requete, octets: Vec<Vec<u8>>) -> Result<(Reponse, Vec<Vec<u8>>), String> {
    match r {
        Requete::Exporter { format, dossier } => {
            let (sb, f) = sandbox(&dossier)?;
            let e = formats::exporter(&sb, &f, format)?;
            Ok((
                Reponse::Fichier {
                    nom: e.nom,
                    mime: e.mime.to_string(),
                },
                vec![e.octets],
            ))
        }
        Requete::Api { dossier } => {
            let (sb, f) = sandbox(&dossier)?;
            let d = Document::depuis(&sb, &f)?;
            let nom_xml = api::nom_fichier(&f.numero, "xml");
            Ok((
                Reponse::Api {
                    soumettre: api::soumettre(&d),
                    flux: api::deposer_flux(&nom_xml, &cii::ecrire(&d)),
                    nom_soumettre: api::nom_fichier(&f.numero, "soumettre.json"),
                    nom_flux: api::nom_fichier(&f.numero, "deposer-flux.json"),
                },
                Vec::new(),
            ))
        }
        Requete::Lire { noms } => {
            if noms.len() != octets.len() {
                return Err(incomplet());
            }
            let fichiers: Vec<(String, Vec<u8>)> = noms.into_iter().zip(octets).collect();
            let lus = formats::depot::lire_fichiers(&fichiers)?;
            Ok((Reponse::Lus { fichiers: lus }, Vec::new()))
        }
        Requete::Zip { quand, fichiers } => {
            if fichiers.len() != octets.len() {
                return Err(incomplet());
            }
            let mut out: Vec<Fichier> = fichiers
                .into_iter()
                .zip(octets)
                .map(|(e, octets)| Fichier {
                    nom: nom_dans_zip(&e),
                    octets,
                })
                .collect();
            let mut noms: Vec<String> = out.iter().map(|f| f.nom.clone()).collect();
            noms_uniques(&mut noms);
            for (f, nom) in out.iter_mut().zip(noms) {
                f.nom = nom;
            }
            Ok((
                Reponse::Fichier {
                    nom: "factures.zip".to_string(),
                    mime: "application/zip".to_string(),
                },
                vec![archive(&out, quand)?],
            ))
        }
    }
}

fn incomplet() -> String {
    "Les fichiers transmis au module des formats sont incomplets.".to_string()
}

/// A main file at the root; an attachment in a folder named after its invoice, its own name never
/// naming another folder.
fn nom_dans_zip(e: &Entree) -> String {
    match &e.piece_de {
        None => e.nom.clone(),
        Some(numero) => format!(
            "{}/{}",
            api::nom_fichier(numero, "pj").trim_end_matches(".pj"),
            e.nom.replace(['/', '\\', ':'], "_")
        ),
    }
}

/// A sandbox holding the records of `d`, and its invoice.
fn sandbox(d: &Dossier) -> Result<(Sandbox, Facture), String> {
    fn lire<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, String> {
        serde_json::from_str(json)
            .map_err(|e| format!("Enregistrement illisible pour les formats : {e}"))
    }
    let mut sb = Sandbox::default();
    for s in &d.structures {
        let s: Structure = lire(s)?;
        sb.structures.insert(s.id.clone(), Rc::new(s));
    }
    for s in &d.services {
        let s: Service = lire(s)?;
        sb.services.insert(s.id.clone(), Rc::new(s));
    }
    Ok((sb, lire(&d.facture)?))
}
