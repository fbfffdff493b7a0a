//! `SYNTHESE.xlsx`: the « Tableau de synthèse des réalisations professionnelles » of the
//! support épreuve (E5 from 2025), written in the structure of the official Excel model.
//!
//! Since 2023 the circulaire supplies this form as an .xlsx file (official-forms.md,
//! section 0.3) and some centres or tools read it back by cell position, so the PDF
//! look-alike is not enough: the package also carries the spreadsheet. The layout follows
//! the 2026 model (sections 2.3 and 2.4):
//!
//! | Cells              | Content                                                            |
//! |--------------------|--------------------------------------------------------------------|
//! | A1:F1 / G1:H1      | « BTS SERVICES INFORMATIQUES AUX ORGANISATIONS » / « SESSION 2026 » |
//! | A2:E2 / F2:H2      | « Tableau de synthèse des réalisations professionnelles » / annex line |
//! | A3:E3 / F3:H3      | « NOM et prénom : … » / « N° candidat : … »                        |
//! | A4:D4, E4:F4, G4, H4 | « Centre de formation : … », « Option : », « ☒ SISR », « ☐ SLAM » |
//! | A5:H5              | « Adresse URL du portfolio : … »                                   |
//! | A6:A7              | diagonal cell: « Compétences mises en œuvre » / « Réalisations professionnelles » |
//! | B6:B7, C6:C7…H6:H7 | « Période », then the six bloc 1 competences (text rotated 90°)    |
//! | row 8, A:H merged  | « Réalisation en cours de formation », then ≥ 10 rows (9-18)       |
//! | row 19             | « Réalisations en milieu professionnel en cours de première année », ≥ 7 rows |
//! | row 27             | « Réalisations en milieu professionnel en cours de seconde année », ≥ 7 rows |
//!
//! With no section growing, this gives exactly the rows of the 2026 model (9-18, 20-26,
//! 28-34); a section with more réalisations than its minimum pushes the next ones down.
//!
//! **Where the annex line goes.** Whether the official xlsx prints the line « Annexe VI-1 -
//! Épreuve E5 - Support et mise à disposition de services informatiques » is unknown (`[B]` in
//! the spec), but the line tells the jury which form this is, so it is written in F2:H2,
//! right of the title of row 2, in small italics. That range holds none of the listed
//! positions: the cells a reader looks for (A1/G1 titles, A2, A3, F3, A4, G4, H4, A5, the header and the
//! sections) stay where the model has them. A page header was rejected because it is
//! invisible on screen, and the footer carries the candidate's name and the page number.
//!
//! **Reproducible bytes.** rust_xlsxwriter stamps the zip entries with a fixed date
//! (1980-01-01) but stamps `docProps/core.xml` with the current time: the creation date is
//! set to 1 January of the session year, so the same input always gives the same bytes.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, FormatDiagonalBorder,
    Workbook, Worksheet,
};

use crate::render::data::{DossierData, LigneData, SectionData, TableauData};

/// Why the tableau could not be written.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    /// Only the support dossier (E5) has a tableau de synthèse.
    #[error(
        "pas de tableau de synthèse à écrire : il n'existe que pour le dossier de l'épreuve support (E5)"
    )]
    NoTableau,
    /// rust_xlsxwriter refused a value (e.g. a text over Excel's 32 767 characters).
    #[error("écriture du tableau de synthèse (xlsx) impossible : {0}")]
    Writer(#[from] rust_xlsxwriter::XlsxError),
}

/// Name of the worksheet (Excel's limit is 31 characters).
const SHEET_NAME: &str = "Tableau de synthèse";

// Zero-based rows of the fixed part (the spreadsheet shows them one-based).
const ROW_BTS: u32 = 0;
const ROW_TITLE: u32 = 1;
const ROW_NAME: u32 = 2;
const ROW_CENTRE: u32 = 3;
const ROW_URL: u32 = 4;
/// The table header spans two rows (6 and 7) so that the first section title lands on
/// row 8 and its blank rows on 9-18, as in the 2026 model.
const ROW_HEADER: u32 = 5;
const ROW_HEADER_END: u32 = 6;
const ROW_FIRST_SECTION: u32 = 7;

// Zero-based columns.
const COL_REALISATION: u16 = 0;
const COL_PERIODE: u16 = 1;
const COL_FIRST_COMPETENCE: u16 = 2;
/// F, G, H: « N° candidat », « ☒ SISR », « ☐ SLAM » sit at fixed positions even if the
/// number of competences changed.
const COL_NUMERO: u16 = 5;
const COL_SISR: u16 = 6;
const COL_SLAM: u16 = 7;

/// Column widths in Excel character units. Column A holds titles and file names, so it
/// takes most of the page; the competence columns only hold an « X » but must be wide
/// enough for their rotated three-line headers.
const WIDTH_REALISATION: f64 = 62.0;
const WIDTH_PERIODE: f64 = 17.0;
const WIDTH_COMPETENCE: f64 = 12.5;

/// Row heights in points.
const HEIGHT_HEADER_TOP: f64 = 20.0;
const HEIGHT_HEADER_BOTTOM: f64 = 140.0;
const HEIGHT_SECTION: f64 = 20.0;
/// Height of a blank row, and minimum height of a filled one: room to write by hand.
const HEIGHT_ROW: f64 = 18.0;
/// Excel refuses rows taller than 409 points.
const HEIGHT_MAX: f64 = 409.0;

/// Blank rows under each section in the 2026 model; a section grows past them when it
/// has more réalisations.
fn min_rows(section_code: &str) -> u32 {
    match section_code {
        "formation" => 10,
        // « pro1 », « pro2 », and any section a later model adds.
        _ => 7,
    }
}

/// The formats of the sheet, built once.
struct Formats {
    title: Format,
    session: Format,
    subtitle: Format,
    annexe: Format,
    /// Identity cells (rows 3-5): label in normal weight, value in bold.
    ident: Format,
    ident_right: Format,
    label: Format,
    value: Format,
    diagonal: Format,
    header_bold: Format,
    header_small: Format,
    periode_header: Format,
    competence_header: Format,
    section: Format,
    realisation: Format,
    realisation_title: Format,
    productions: Format,
    periode: Format,
    mark: Format,
    blank: Format,
}

impl Formats {
    fn new() -> Formats {
        // Left-aligned cells get an indent: text against a border is hard to read.
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::Black)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_align(FormatAlign::VerticalCenter),
            session: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::VerticalCenter),
            annexe: Format::new()
                .set_italic()
                .set_font_size(8)
                .set_text_wrap()
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::VerticalCenter),
            ident: cell
                .clone()
                .set_font_size(10)
                .set_align(FormatAlign::Left)
                .set_indent(1),
            ident_right: cell
                .clone()
                .set_font_size(10)
                .set_align(FormatAlign::Right)
                .set_indent(1),
            label: Format::new().set_font_size(10),
            value: Format::new().set_font_size(10).set_bold(),
            // Top-left to bottom-right, as on the model: « Compétences mises en œuvre »
            // above the line, « Réalisations professionnelles » below it.
            diagonal: cell
                .clone()
                .set_border_diagonal(FormatBorder::Thin)
                .set_border_diagonal_color(Color::Black)
                .set_border_diagonal_type(FormatDiagonalBorder::BorderDown)
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalJustify)
                .set_indent(1),
            header_bold: Format::new().set_bold().set_font_size(9),
            header_small: Format::new().set_italic().set_font_size(8),
            periode_header: cell
                .clone()
                .set_bold()
                .set_font_size(10)
                .set_align(FormatAlign::Center),
            competence_header: cell
                .clone()
                .set_bold()
                .set_font_size(9)
                .set_rotation(90)
                .set_align(FormatAlign::Center),
            section: cell
                .clone()
                .set_bold()
                .set_font_size(10)
                .set_background_color(Color::RGB(0xD9D9D9))
                .set_align(FormatAlign::Left)
                .set_indent(1),
            realisation: cell
                .clone()
                .set_font_size(10)
                .set_align(FormatAlign::Left)
                .set_indent(1),
            realisation_title: Format::new().set_bold().set_font_size(10),
            productions: Format::new().set_font_size(8),
            periode: cell.clone().set_font_size(9).set_align(FormatAlign::Center),
            mark: cell
                .clone()
                .set_bold()
                .set_font_size(11)
                .set_align(FormatAlign::Center),
            blank: cell,
        }
    }
}

/// Writes the tableau de synthèse of a support (E5) dossier as an .xlsx file.
///
/// The bytes depend only on `data` (see the module documentation). Fails when `data` has
/// no tableau (the option dossier) or when a text exceeds Excel's limits.
pub fn synthese_xlsx(data: &DossierData) -> Result<Vec<u8>, XlsxError> {
    let tableau = data.tableau.as_ref().ok_or(XlsxError::NoTableau)?;
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(data)?);
    let fmt = Formats::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_NAME)?;

    // At least A:H even if a later référentiel had fewer competences, so that the fixed
    // cells of rows 1-5 exist.
    let competences = u16::try_from(tableau.competences.len()).unwrap_or(u16::MAX);
    let last_col = (COL_FIRST_COMPETENCE
        .saturating_add(competences)
        .saturating_sub(1))
    .max(COL_SLAM);

    page_setup(sheet, data, last_col)?;
    write_identity(sheet, data, &fmt, last_col)?;
    write_header(sheet, tableau, &fmt, last_col)?;
    let mut row = ROW_FIRST_SECTION;
    for section in &tableau.sections {
        row = write_section(sheet, section, &fmt, last_col, row)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// Document properties, with a creation date that depends only on the session: without
/// it rust_xlsxwriter writes the current time and two runs differ.
fn properties(data: &DossierData) -> Result<DocProperties, XlsxError> {
    let created = ExcelDateTime::from_ymd(data.session.annee, 1, 1)
        .or_else(|_| ExcelDateTime::from_ymd(2000, 1, 1))?;
    Ok(DocProperties::new()
        .set_title("Tableau de synthèse des réalisations professionnelles")
        .set_subject(format!(
            "BTS SIO - Session {} - Épreuve {} - {}",
            data.session.annee, data.dossier.epreuve, data.dossier.titre
        ))
        .set_author(data.candidat.nom_complet.as_str())
        .set_creation_datetime(&created))
}

/// A4 landscape, one page wide, table header repeated on every printed page, and the
/// candidate's name in the footer so that loose pages can be put back together.
fn page_setup(sheet: &mut Worksheet, data: &DossierData, last_col: u16) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.4, 0.4, 0.5, 0.6, 0.3, 0.3);
    sheet.set_repeat_rows(ROW_HEADER, ROW_HEADER_END)?;
    sheet.set_footer(format!(
        "&L&8{}&R&8Page &P / &N",
        header_text(&data.candidat.nom_complet)
    ));
    sheet.set_column_width(COL_REALISATION, WIDTH_REALISATION)?;
    sheet.set_column_width(COL_PERIODE, WIDTH_PERIODE)?;
    for col in COL_FIRST_COMPETENCE..=last_col {
        sheet.set_column_width(col, WIDTH_COMPETENCE)?;
    }
    Ok(())
}

/// Text for a header/footer: `&` starts a code there, and Excel drops a header over 255
/// characters (rust_xlsxwriter then prints a warning), so names are escaped and shortened.
fn header_text(text: &str) -> String {
    text.chars()
        .take(100)
        .collect::<String>()
        .replace('&', "&&")
}

/// Rows 1-5: titles, candidate, centre, option, portfolio.
fn write_identity(
    sheet: &mut Worksheet,
    data: &DossierData,
    fmt: &Formats,
    last_col: u16,
) -> Result<(), XlsxError> {
    let c = &data.candidat;
    sheet.set_row_height(ROW_BTS, 22)?;
    sheet.set_row_height(ROW_TITLE, 26)?;
    for row in [ROW_NAME, ROW_CENTRE, ROW_URL] {
        sheet.set_row_height(row, 20)?;
    }

    sheet.merge_range(
        ROW_BTS,
        0,
        ROW_BTS,
        COL_SISR - 1,
        "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS",
        &fmt.title,
    )?;
    sheet.merge_range(
        ROW_BTS,
        COL_SISR,
        ROW_BTS,
        last_col,
        &format!("SESSION {}", data.session.annee),
        &fmt.session,
    )?;
    sheet.merge_range(
        ROW_TITLE,
        0,
        ROW_TITLE,
        COL_NUMERO - 1,
        "Tableau de synthèse des réalisations professionnelles",
        &fmt.subtitle,
    )?;
    sheet.merge_range(
        ROW_TITLE,
        COL_NUMERO,
        ROW_TITLE,
        last_col,
        &format!(
            "Annexe {} - Épreuve {} - {}",
            data.session.annexe_tableau, data.dossier.epreuve, data.dossier.titre
        ),
        &fmt.annexe,
    )?;

    labelled(
        sheet,
        fmt,
        (ROW_NAME, 0, COL_NUMERO - 1),
        "NOM et prénom : ",
        Some(&c.nom_complet),
    )?;
    labelled(
        sheet,
        fmt,
        (ROW_NAME, COL_NUMERO, last_col),
        "N° candidat : ",
        c.numero.as_deref(),
    )?;
    labelled(
        sheet,
        fmt,
        (ROW_CENTRE, 0, COL_NUMERO - 2),
        "Centre de formation : ",
        c.centre.as_deref(),
    )?;
    // « Option : » takes E4 so that the boxes stay in G4 and H4 with room for the label.
    sheet.merge_range(
        ROW_CENTRE,
        COL_NUMERO - 1,
        ROW_CENTRE,
        COL_NUMERO,
        "Option :",
        &fmt.ident_right,
    )?;
    let boxed = |code: &str| {
        let mark = if c.option == code { '☒' } else { '☐' };
        format!("{mark} {code}")
    };
    sheet.write_string_with_format(ROW_CENTRE, COL_SISR, boxed("SISR"), &fmt.ident)?;
    sheet.write_string_with_format(ROW_CENTRE, COL_SLAM, boxed("SLAM"), &fmt.ident)?;
    for col in COL_SLAM + 1..=last_col {
        sheet.write_blank(ROW_CENTRE, col, &fmt.ident)?;
    }
    labelled(
        sheet,
        fmt,
        (ROW_URL, 0, last_col),
        "Adresse URL du portfolio : ",
        c.portfolio.as_deref(),
    )?;
    Ok(())
}

/// A merged identity cell `(row, first_col, last_col)` holding « label value », the value
/// in bold, in the same cell as the model asks. A missing value leaves the label alone.
fn labelled(
    sheet: &mut Worksheet,
    fmt: &Formats,
    (row, first, last): (u32, u16, u16),
    label: &str,
    value: Option<&str>,
) -> Result<(), XlsxError> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    let text = match value {
        Some(v) => format!("{label}{v}"),
        None => label.trim_end().to_string(),
    };
    if first < last {
        sheet.merge_range(row, first, row, last, &text, &fmt.ident)?;
    } else {
        sheet.write_string_with_format(row, first, &text, &fmt.ident)?;
    }
    if let Some(v) = value {
        sheet.write_rich_string_with_format(
            row,
            first,
            &[(&fmt.label, label), (&fmt.value, v)],
            &fmt.ident,
        )?;
    }
    Ok(())
}

/// Rows 6-7: the diagonal cell, « Période », and one rotated column per competence.
fn write_header(
    sheet: &mut Worksheet,
    tableau: &TableauData,
    fmt: &Formats,
    last_col: u16,
) -> Result<(), XlsxError> {
    sheet.set_row_height(ROW_HEADER, HEIGHT_HEADER_TOP)?;
    sheet.set_row_height(ROW_HEADER_END, HEIGHT_HEADER_BOTTOM)?;

    // A cell has one alignment, so the two halves of the diagonal cell are placed with
    // text: the top line is pushed right with spaces, empty lines fill the height, and the
    // vertical « justify » alignment spreads the lines from the top edge to the bottom one
    // (Excel; LibreOffice 7 aligns them to the top, which keeps each text on its side).
    // 90 spaces leave room for a wider fallback font than Calibri: a top line wider than
    // the cell would wrap onto the diagonal. 12 lines of 9 pt fit Excel's 160 pt.
    let (bold, subtitle) = tableau.entete_realisations;
    let top = format!("{}{}", " ".repeat(90), tableau.entete_competences);
    let bottom = format!("{}{bold}", "\n".repeat(10));
    let subtitle = format!("\n{subtitle}");
    sheet.merge_range(
        ROW_HEADER,
        COL_REALISATION,
        ROW_HEADER_END,
        COL_REALISATION,
        "",
        &fmt.diagonal,
    )?;
    let segments: Vec<(&Format, &str)> = [
        (&fmt.header_bold, top.as_str()),
        (&fmt.header_bold, bottom.as_str()),
        (&fmt.header_small, subtitle.as_str()),
    ]
    .into_iter()
    .filter(|(_, s)| !s.trim().is_empty())
    .collect();
    if !segments.is_empty() {
        sheet.write_rich_string_with_format(
            ROW_HEADER,
            COL_REALISATION,
            &segments,
            &fmt.diagonal,
        )?;
    }

    sheet.merge_range(
        ROW_HEADER,
        COL_PERIODE,
        ROW_HEADER_END,
        COL_PERIODE,
        "Période",
        &fmt.periode_header,
    )?;
    for (i, col) in (COL_FIRST_COMPETENCE..=last_col).enumerate() {
        let label = tableau.competences.get(i).map_or("", |c| c.label);
        sheet.merge_range(
            ROW_HEADER,
            col,
            ROW_HEADER_END,
            col,
            label,
            &fmt.competence_header,
        )?;
    }
    Ok(())
}

/// One section: its merged title row, its réalisations, then blank bordered rows up to
/// the model's minimum. Returns the row after the section.
fn write_section(
    sheet: &mut Worksheet,
    section: &SectionData,
    fmt: &Formats,
    last_col: u16,
    mut row: u32,
) -> Result<u32, XlsxError> {
    sheet.merge_range(row, 0, row, last_col, section.titre, &fmt.section)?;
    sheet.set_row_height(row, HEIGHT_SECTION)?;
    row += 1;
    for ligne in &section.realisations {
        write_realisation(sheet, ligne, fmt, last_col, row)?;
        row += 1;
    }
    let filled = u32::try_from(section.realisations.len()).unwrap_or(u32::MAX);
    for _ in filled..min_rows(section.code) {
        for col in 0..=last_col {
            sheet.write_blank(row, col, &fmt.blank)?;
        }
        sheet.set_row_height(row, HEIGHT_ROW)?;
        row += 1;
    }
    Ok(row)
}

/// One réalisation: title in bold and, on a second line, its documents and productions;
/// its période; an « X » under each competence it mobilises.
fn write_realisation(
    sheet: &mut Worksheet,
    ligne: &LigneData,
    fmt: &Formats,
    last_col: u16,
    row: u32,
) -> Result<(), XlsxError> {
    let titre = ligne.titre.trim();
    let productions = ligne.productions.join(", ");
    let second = if titre.is_empty() {
        productions.clone()
    } else {
        format!("\n{productions}")
    };
    let mut segments: Vec<(&Format, &str)> = Vec::new();
    if !titre.is_empty() {
        segments.push((&fmt.realisation_title, titre));
    }
    if !productions.is_empty() {
        segments.push((&fmt.productions, second.as_str()));
    }
    if segments.is_empty() {
        sheet.write_blank(row, COL_REALISATION, &fmt.realisation)?;
    } else {
        sheet.write_rich_string_with_format(row, COL_REALISATION, &segments, &fmt.realisation)?;
    }

    let periode = ligne.periode.as_deref().map(str::trim).unwrap_or("");
    if periode.is_empty() {
        sheet.write_blank(row, COL_PERIODE, &fmt.periode)?;
    } else {
        sheet.write_string_with_format(row, COL_PERIODE, periode, &fmt.periode)?;
    }

    for (i, col) in (COL_FIRST_COMPETENCE..=last_col).enumerate() {
        if ligne.coches.get(i).copied().unwrap_or(false) {
            sheet.write_string_with_format(row, col, "X", &fmt.mark)?;
        } else {
            sheet.write_blank(row, col, &fmt.blank)?;
        }
    }

    // Excel does not grow a row for wrapped text written by a program: estimate the
    // lines (conservative characters per line for the column widths above).
    let title_lines = if titre.is_empty() {
        0
    } else {
        wrapped_lines(titre, 62)
    };
    let production_lines = if productions.is_empty() {
        0
    } else {
        wrapped_lines(&productions, 80)
    };
    // Line pitch: about 13 pt for 10 pt text, 11 pt for 8 pt text.
    let height_a = title_lines as f64 * 13.0 + production_lines as f64 * 11.0 + 5.0;
    let height_b = wrapped_lines(periode, 18) as f64 * 12.0 + 6.0;
    sheet.set_row_height(row, height_a.max(height_b).clamp(HEIGHT_ROW, HEIGHT_MAX))?;
    Ok(())
}

/// Lines `text` takes when wrapped at `width` characters, breaking between words like a
/// spreadsheet does (a word longer than the line is cut).
fn wrapped_lines(text: &str, width: usize) -> usize {
    let width = width.max(1);
    text.split('\n')
        .map(|paragraph| {
            let mut lines = 1;
            let mut used = 0;
            for word in paragraph.split_whitespace() {
                let len = word.chars().count();
                let needed = if used == 0 { len } else { used + 1 + len };
                if needed <= width {
                    used = needed;
                } else if used == 0 {
                    lines += (len - 1) / width;
                    used = (len - 1) % width + 1;
                } else {
                    lines += 1 + (len.saturating_sub(1)) / width;
                    used = (len.saturating_sub(1)) % width + 1;
                }
            }
            lines
        })
        .sum::<usize>()
        .max(1)
}

#[cfg(test)]
mod tests {
    use calamine::{Data, Reader, Xlsx};

    use super::*;
    use crate::render::data::{
        CandidatData, CompetenceData, DossierInfo, FicheEntete, SessionData, TableauData,
    };

    const COMPETENCES: [&str; 6] = [
        "Gérer le patrimoine informatique",
        "Répondre aux incidents et aux demandes d'assistance et d'évolution",
        "Développer la présence en ligne de l'organisation",
        "Travailler en mode projet",
        "Mettre à disposition des utilisateurs un service informatique",
        "Organiser son développement professionnel",
    ];

    fn ligne(titre: &str, coches: [bool; 6]) -> LigneData {
        LigneData {
            titre: titre.to_string(),
            periode: Some("01/09/25 au 15/04/26".to_string()),
            productions: vec![
                "schema-reseau.pdf".to_string(),
                "procedure.docx".to_string(),
            ],
            coches: coches.to_vec(),
        }
    }

    fn section(
        code: &'static str,
        titre: &'static str,
        realisations: Vec<LigneData>,
    ) -> SectionData {
        SectionData {
            code,
            titre,
            realisations,
        }
    }

    fn data(option: &'static str, formation: Vec<LigneData>, pro1: Vec<LigneData>) -> DossierData {
        DossierData {
            ecole: Default::default(),
            candidat: CandidatData {
                nom: "MARTIN".to_string(),
                prenom: "Léa".to_string(),
                nom_complet: "MARTIN Léa".to_string(),
                numero: Some("02248411067".to_string()),
                option,
                mode: "CCF",
                centre: Some("Lycée Jean Moulin & Co".to_string()),
                portfolio: Some("https://lea-martin.example.fr".to_string()),
                organisation: None,
                tuteur: None,
            },
            session: SessionData {
                annee: 2026,
                epreuve_support: "E5",
                epreuve_option: "E6",
                annexe_tableau: "VI-1",
            },
            dossier: DossierInfo {
                epreuve: "E5",
                titre: "Support et mise à disposition de services informatiques",
                document: "Dossier de l'épreuve — réalisations professionnelles",
            },
            epreuve_page: None,
            tableau: Some(TableauData {
                entete_competences: "Compétences mises en œuvre",
                entete_realisations: (
                    "Réalisations professionnelles",
                    "(intitulé et productions associées)",
                ),
                competences: COMPETENCES
                    .iter()
                    .map(|&label| CompetenceData { code: "c", label })
                    .collect(),
                sections: vec![
                    section("formation", "Réalisation en cours de formation", formation),
                    section(
                        "pro1",
                        "Réalisations en milieu professionnel en cours de première année",
                        pro1,
                    ),
                    section(
                        "pro2",
                        "Réalisations en milieu professionnel en cours de seconde année",
                        vec![],
                    ),
                ],
            }),
            fiche_entete: FicheEntete {
                epreuve: String::new(),
                annexe: None,
            },
            fiches: vec![],
        }
    }

    /// The sheet as a grid of strings, indexed by one-based (row, column letter) like
    /// the spreadsheet shows it.
    struct Grid(calamine::Range<Data>);

    impl Grid {
        fn read(bytes: &[u8]) -> Grid {
            let mut book = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
            Grid(book.worksheet_range(SHEET_NAME).expect("sheet"))
        }

        fn cell(&self, row: u32, col: char) -> String {
            let col = u32::from(col) - u32::from('A');
            match self.0.get_value((row - 1, col)) {
                Some(Data::String(s)) => s.clone(),
                Some(Data::Empty) | None => String::new(),
                Some(other) => other.to_string(),
            }
        }

        /// One-based row of the first cell of column A equal to `text`.
        fn row_of(&self, text: &str) -> u32 {
            (1..=self.0.end().map_or(0, |(r, _)| r + 1))
                .find(|&r| self.cell(r, 'A') == text)
                .unwrap_or_else(|| panic!("« {text} » not found in column A"))
        }
    }

    /// An entry of the xlsx package, as text.
    fn entry(bytes: &[u8], name: &str) -> String {
        let mut zip = ::zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("zip");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).expect(name), &mut text)
            .expect("utf-8");
        text
    }

    fn sheet_xml(bytes: &[u8]) -> String {
        entry(bytes, "xl/worksheets/sheet1.xml")
    }

    const FORMATION: &str = "Réalisation en cours de formation";
    const PRO1: &str = "Réalisations en milieu professionnel en cours de première année";
    const PRO2: &str = "Réalisations en milieu professionnel en cours de seconde année";

    #[test]
    fn identity_cells_are_where_the_model_has_them() {
        let bytes = synthese_xlsx(&data("SISR", vec![], vec![])).expect("xlsx");
        let g = Grid::read(&bytes);
        assert_eq!(
            g.cell(1, 'A'),
            "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS"
        );
        assert_eq!(g.cell(1, 'G'), "SESSION 2026");
        assert_eq!(
            g.cell(2, 'A'),
            "Tableau de synthèse des réalisations professionnelles"
        );
        assert_eq!(
            g.cell(2, 'F'),
            "Annexe VI-1 - Épreuve E5 - Support et mise à disposition de services informatiques"
        );
        assert_eq!(g.cell(3, 'A'), "NOM et prénom : MARTIN Léa");
        assert_eq!(g.cell(3, 'F'), "N° candidat : 02248411067");
        assert_eq!(
            g.cell(4, 'A'),
            "Centre de formation : Lycée Jean Moulin & Co"
        );
        assert_eq!(g.cell(4, 'E'), "Option :");
        assert_eq!(g.cell(4, 'G'), "☒ SISR");
        assert_eq!(g.cell(4, 'H'), "☐ SLAM");
        assert_eq!(
            g.cell(5, 'A'),
            "Adresse URL du portfolio : https://lea-martin.example.fr"
        );
    }

    #[test]
    fn slam_ticks_the_other_box_and_missing_values_leave_the_label() {
        let mut d = data("SLAM", vec![], vec![]);
        d.candidat.numero = None;
        d.candidat.centre = Some("  ".to_string());
        d.candidat.portfolio = None;
        let g = Grid::read(&synthese_xlsx(&d).expect("xlsx"));
        assert_eq!(g.cell(4, 'G'), "☐ SISR");
        assert_eq!(g.cell(4, 'H'), "☒ SLAM");
        assert_eq!(g.cell(3, 'F'), "N° candidat :");
        assert_eq!(g.cell(4, 'A'), "Centre de formation :");
        assert_eq!(g.cell(5, 'A'), "Adresse URL du portfolio :");
    }

    #[test]
    fn header_has_the_diagonal_texts_periode_and_competences() {
        let g = Grid::read(&synthese_xlsx(&data("SISR", vec![], vec![])).expect("xlsx"));
        let diagonal = g.cell(6, 'A');
        let top = diagonal
            .find("Compétences mises en œuvre")
            .expect("top-right text");
        let bottom = diagonal
            .find("Réalisations professionnelles")
            .expect("bottom-left text");
        assert!(top < bottom, "{diagonal:?}");
        assert!(diagonal.ends_with("(intitulé et productions associées)"));
        assert_eq!(g.cell(6, 'B'), "Période");
        for (label, col) in COMPETENCES.iter().zip('C'..='H') {
            assert_eq!(&g.cell(6, col), label);
        }
    }

    #[test]
    fn empty_sections_have_the_rows_of_the_2026_model() {
        let bytes = synthese_xlsx(&data("SISR", vec![], vec![])).expect("xlsx");
        let g = Grid::read(&bytes);
        assert_eq!(g.row_of(FORMATION), 8);
        assert_eq!(g.row_of(PRO1), 19);
        assert_eq!(g.row_of(PRO2), 27);
        // Blank bordered rows 28-34 are written, nothing after (calamine skips blank cells,
        // so read the sheet's XML).
        let xml = sheet_xml(&bytes);
        assert!(xml.contains(r#"<dimension ref="A1:H34"/>"#), "{xml}");
        assert!(xml.contains(r#"<row r="34""#) && !xml.contains(r#"<row r="35""#));
    }

    #[test]
    fn realisations_fill_their_section_with_marks_and_periode() {
        let formation = vec![
            ligne(
                "Mise en place d'un serveur GLPI",
                [true, true, false, false, true, false],
            ),
            ligne(
                "Veille technologique",
                [false, false, false, false, false, true],
            ),
        ];
        let pro1 = vec![ligne(
            "Refonte du site vitrine",
            [false, false, true, true, false, false],
        )];
        let g = Grid::read(&synthese_xlsx(&data("SISR", formation, pro1)).expect("xlsx"));

        assert_eq!(
            g.cell(9, 'A'),
            "Mise en place d'un serveur GLPI\nschema-reseau.pdf, procedure.docx"
        );
        assert_eq!(g.cell(9, 'B'), "01/09/25 au 15/04/26");
        let marks: String = ('C'..='H')
            .map(|c| if g.cell(9, c) == "X" { 'X' } else { '.' })
            .collect();
        assert_eq!(marks, "XX..X.");
        assert_eq!(
            g.cell(10, 'A'),
            "Veille technologique\nschema-reseau.pdf, procedure.docx"
        );
        assert_eq!(g.cell(10, 'H'), "X");
        // Two filled rows still leave the section its 10 rows.
        assert_eq!(g.cell(11, 'A'), "");
        assert_eq!(g.row_of(PRO1), 19);
        assert_eq!(
            g.cell(20, 'A'),
            "Refonte du site vitrine\nschema-reseau.pdf, procedure.docx"
        );
        let marks: String = ('C'..='H')
            .map(|c| if g.cell(20, c) == "X" { 'X' } else { '.' })
            .collect();
        assert_eq!(marks, "..XX..");
        assert_eq!(g.row_of(PRO2), 27);
    }

    #[test]
    fn a_section_with_more_realisations_than_its_minimum_grows() {
        let formation = (1..=12)
            .map(|i| {
                ligne(
                    &format!("Réalisation {i}"),
                    [true, false, false, false, false, false],
                )
            })
            .collect();
        let g = Grid::read(&synthese_xlsx(&data("SISR", formation, vec![])).expect("xlsx"));
        assert_eq!(g.cell(9, 'A').lines().next(), Some("Réalisation 1"));
        assert_eq!(g.cell(20, 'A').lines().next(), Some("Réalisation 12"));
        assert_eq!(g.cell(20, 'C'), "X");
        assert_eq!(g.row_of(PRO1), 21);
        assert_eq!(g.row_of(PRO2), 29);
    }

    #[test]
    fn same_input_gives_the_same_bytes() {
        let d = data("SLAM", vec![ligne("A", [true; 6])], vec![]);
        let first = synthese_xlsx(&d).expect("xlsx");
        let second = synthese_xlsx(&d).expect("xlsx");
        assert!(first == second, "two writes differ");

        // Two writes in the same second would match even with the clock in the file: check
        // that no entry carries the current time.
        let mut zip = ::zip::ZipArchive::new(std::io::Cursor::new(first)).expect("zip");
        for i in 0..zip.len() {
            let entry = zip.by_index(i).expect("entry");
            let stamp = entry.last_modified().expect("timestamp");
            assert_eq!(
                (stamp.year(), stamp.month(), stamp.day()),
                (1980, 1, 1),
                "{}",
                entry.name()
            );
        }
        let core = entry(&second, "docProps/core.xml");
        assert!(
            core.contains(">2026-01-01T00:00:00Z</dcterms:created>"),
            "{core}"
        );
        assert!(
            core.contains(">2026-01-01T00:00:00Z</dcterms:modified>"),
            "{core}"
        );
    }

    #[test]
    fn excel_limits_are_errors_not_panics() {
        let mut long = ligne(&"x".repeat(40_000), [true; 6]);
        long.coches = vec![true]; // fewer marks than columns: the others stay blank
        let err = synthese_xlsx(&data("SISR", vec![long], vec![])).expect_err("too long");
        assert!(matches!(err, XlsxError::Writer(_)));
        assert!(
            err.to_string()
                .starts_with("écriture du tableau de synthèse")
        );

        let mut short = ligne("Réalisation", [true; 6]);
        short.coches = vec![false, true];
        let g = Grid::read(&synthese_xlsx(&data("SISR", vec![short], vec![])).expect("xlsx"));
        let marks: String = ('C'..='H')
            .map(|c| if g.cell(9, c) == "X" { 'X' } else { '.' })
            .collect();
        assert_eq!(marks, ".X....");
    }

    #[test]
    fn option_dossier_without_tableau_is_an_error() {
        let mut d = data("SISR", vec![], vec![]);
        d.tableau = None;
        let err = synthese_xlsx(&d).expect_err("no tableau");
        assert!(matches!(err, XlsxError::NoTableau));
        assert!(err.to_string().contains("tableau de synthèse"));
    }

    #[test]
    fn wrapped_lines_counts_words_and_breaks() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("abc def", 7), 1);
        assert_eq!(wrapped_lines("abc def", 6), 2);
        assert_eq!(wrapped_lines("a\nb", 10), 2);
        assert_eq!(wrapped_lines("abcdefghijk", 5), 3);
    }
}
