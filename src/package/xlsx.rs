//! `SYNTHESE.xlsx`: the « Tableau de synthèse des réalisations professionnelles » of the
//! support épreuve (E5 from 2025), written in the structure of the official 2026 model.
//!
//! The circulaire supplies this form as a spreadsheet and schools fill it by script, by
//! cell position, so the file reproduces the model's sheet: its name, column widths, row
//! heights, merges, Arial fonts, borders (thin inside, medium frame, colour of the model)
//! and print setup (A4 portrait, fitted to one page, 0.5 cm margins, centred, print area
//! A1:H35). The cells a script fills hold the candidate's values:
//!
//! | Cells              | Content                                                            |
//! |--------------------|--------------------------------------------------------------------|
//! | A1:F1 / G1:H1      | « BTS SERVICES INFORMATIQUES AUX ORGANISATIONS » / « SESSION 2026 » |
//! | A2:H2              | « Tableau de synthèse des réalisations professionnelles »          |
//! | A3:E3 / F3:H3      | « NOM et prénom : … » / « N° candidat : … »                        |
//! | A4:E4, F4, G4, H4  | « Centre de formation : … », « Option : », « ☒ SISR », « ▢ SLAM »  |
//! | A5:H5              | « Adresse URL du portfolio : … »                                   |
//! | A6:A7              | the diagonal cell, as the model writes it                          |
//! | B6:B7              | « Période (sous la forme du JJ/MM/AA au JJ/MM/AA) », rotated       |
//! | C6…H6 / C7…H7      | the six bloc 1 competences / their sub-items (« ▸ … », rotated)    |
//! | row 8, A:H merged  | « Réalisation en cours de formation », then ≥ 10 rows (9-18)       |
//! | row 19             | « Réalisations en milieu professionnel en cours de première année », ≥ 7 rows |
//! | row 27             | « Réalisations en milieu professionnel en cours de seconde année », ≥ 7 rows |
//!
//! A réalisation row holds its title and, on the next line, its documents and productions
//! (A), its période (B) and an « X » under each competence it mobilises (C-H). With no
//! section growing, the rows are exactly the model's; a section with more réalisations
//! than its rows pushes the next ones down and the print area grows with it (Excel's
//! « fit to one page » then scales the page down).
//!
//! **Reproducible bytes.** rust_xlsxwriter stamps the zip entries with a fixed date
//! (1980-01-01) but stamps `docProps/core.xml` with the current time: the creation date is
//! set to 1 January of the session year, so the same input always gives the same bytes.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, FormatDiagonalBorder,
    Workbook, Worksheet,
};

use crate::render::data::{CandidatData, DossierData, LigneData, SectionData, TableauData};

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

/// Name of the worksheet, as on the model.
pub const SHEET_NAME: &str = "Tableau de synthèse Épreuve E5";

// Zero-based rows of the fixed part (the spreadsheet shows them one-based).
const ROW_BTS: u32 = 0;
const ROW_TITLE: u32 = 1;
const ROW_NAME: u32 = 2;
const ROW_CENTRE: u32 = 3;
const ROW_URL: u32 = 4;
const ROW_HEADER: u32 = 5;
const ROW_SUB_ITEMS: u32 = 6;
const ROW_FIRST_SECTION: u32 = 7;

// Zero-based columns: A (réalisation), B (période), C to H (competences).
const COL_REALISATION: u16 = 0;
const COL_PERIODE: u16 = 1;
const COL_FIRST_COMPETENCE: u16 = 2;
const COL_NUMERO: u16 = 5;
const COL_SISR: u16 = 6;
const COL_SLAM: u16 = 7;
const COL_LAST: u16 = 7;

/// Column widths of the model as the file stores them (characters, cell padding
/// included); `set_column_width` takes them without the padding (see `column_width`).
const WIDTH_REALISATION: f64 = 70.42578125;
const WIDTH_PERIODE: f64 = 10.85546875;
const WIDTH_COMPETENCE: f64 = 18.7109375;
/// Column I, the first one right of the print area.
const WIDTH_AFTER: f64 = 11.42578125;

/// The width to give rust_xlsxwriter for a stored width: it adds the 5 pixels of cell
/// padding (of 7-pixel digits) to what it is given.
fn column_width(stored: f64) -> f64 {
    stored - 5.0 / 7.0
}

/// Row heights of the model, in points.
const HEIGHT_TITLES: [f64; 2] = [39.75, 40.5];
const HEIGHT_IDENTITY: f64 = 39.75;
const HEIGHT_HEADER: f64 = 90.0;
const HEIGHT_SUB_ITEMS: f64 = 324.75;
const HEIGHT_FIRST_SECTION: f64 = 48.5;
const HEIGHT_SECTION: f64 = 17.35;
const HEIGHT_ROW: f64 = 39.75;
/// Row 35, empty, the last of the print area.
const HEIGHT_AFTER: f64 = 13.8;
const HEIGHT_DEFAULT: f64 = 12.75;
/// Excel refuses rows taller than 409 points.
const HEIGHT_MAX: f64 = 409.0;

/// Page margins of the model, in inches (0.5 cm; header and footer 1.3 cm).
const MARGIN: f64 = 0.5 / 2.54;
const MARGIN_HEADER: f64 = 1.3 / 2.54;

/// The model's font and border colour.
const FONT: &str = "Arial";
const INK: u32 = 0x4A452A;

/// Blank rows under each section in the 2026 model; a section grows past them when it
/// has more réalisations.
fn min_rows(section_code: &str) -> u32 {
    match section_code {
        "formation" => 10,
        // « pro1 », « pro2 », and any section a later model adds.
        _ => 7,
    }
}

/// The model's labels that no candidate value changes.
mod label {
    pub const BTS: &str = "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS";
    pub const TITLE: &str = "Tableau de synthèse des réalisations professionnelles ";
    pub const NAME: &str = "NOM et prénom : ";
    pub const NUMERO: &str = "N° candidat : ";
    pub const CENTRE: &str = "Centre de formation :";
    pub const OPTION: &str = "Option :";
    pub const URL: &str = "Adresse URL du portfolio :";
    /// The diagonal cell: one text pushed to both ends of the cell by 22 line breaks.
    pub const DIAGONAL_TOP: &str = "Compétences mises en œuvre";
    pub const DIAGONAL_GAP: usize = 22;
    /// Unticked box of the model (U+25A2); the chosen option gets ☒.
    pub const UNTICKED: char = '▢';
    pub const TICKED: char = '☒';
}

/// Side borders of a cell: left, right, top, bottom.
#[derive(Clone, Copy)]
struct Sides(FormatBorder, FormatBorder, FormatBorder, FormatBorder);

const T: FormatBorder = FormatBorder::Thin;
const M: FormatBorder = FormatBorder::Medium;
const N: FormatBorder = FormatBorder::None;

/// An Arial format of `size` points with the model's border colour.
fn arial(size: f64) -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(size)
        .set_align(FormatAlign::VerticalCenter)
}

fn framed(format: Format, Sides(l, r, t, b): Sides) -> Format {
    format
        .set_border_left(l)
        .set_border_right(r)
        .set_border_top(t)
        .set_border_bottom(b)
        .set_border_color(Color::RGB(INK))
}

/// Writes the tableau de synthèse of a support (E5) dossier as an .xlsx file.
///
/// The bytes depend only on `data` (see the module documentation). Fails when `data` has
/// no tableau (the option dossier) or when a text exceeds Excel's limits.
pub fn synthese_xlsx(data: &DossierData) -> Result<Vec<u8>, XlsxError> {
    let tableau = data.tableau.as_ref().ok_or(XlsxError::NoTableau)?;
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(data)?);
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_NAME)?;
    columns(sheet)?;
    write_identity(sheet, data)?;
    write_header(sheet, tableau)?;
    let mut row = ROW_FIRST_SECTION;
    let last_section = tableau.sections.len().saturating_sub(1);
    for (i, section) in tableau.sections.iter().enumerate() {
        row = write_section(sheet, section, i == 0, i == last_section, row)?;
    }
    // The model's empty last row, inside the print area.
    sheet.set_row_height(row, HEIGHT_AFTER)?;
    page_setup(sheet, row)?;
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

/// The model's column widths, Arial 10 as the columns' font, the model's default row.
fn columns(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    let default = arial(10.0);
    sheet.set_default_row_height(HEIGHT_DEFAULT);
    sheet.set_column_width(COL_REALISATION, column_width(WIDTH_REALISATION))?;
    sheet.set_column_width(COL_PERIODE, column_width(WIDTH_PERIODE))?;
    for col in COL_FIRST_COMPETENCE..=COL_LAST {
        sheet.set_column_width(col, column_width(WIDTH_COMPETENCE))?;
    }
    for col in COL_REALISATION..=COL_LAST {
        sheet.set_column_format(col, &default)?;
    }
    sheet.set_column_width(COL_LAST + 1, column_width(WIDTH_AFTER))?;
    Ok(())
}

/// The model's print setup: A4 portrait, fitted to one page, 0.5 cm margins, centred on
/// the page, print area from A1 to the row after the table; no header or footer.
fn page_setup(sheet: &mut Worksheet, last_row: u32) -> Result<(), XlsxError> {
    sheet.set_portrait();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 1);
    sheet.set_print_center_horizontally(true);
    sheet.set_print_center_vertically(true);
    sheet.set_margins(MARGIN, MARGIN, MARGIN, MARGIN, MARGIN_HEADER, MARGIN_HEADER);
    sheet.set_print_area(0, 0, last_row, COL_LAST)?;
    sheet.set_zoom(70);
    Ok(())
}

/// `label` followed by the value, or the label alone (as on the model) without one.
fn labelled(label: &str, value: Option<&str>) -> String {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => format!("{} {v}", label.trim_end()),
        None => label.to_string(),
    }
}

/// Rows 1-5: titles, candidate, centre, option, portfolio.
fn write_identity(sheet: &mut Worksheet, data: &DossierData) -> Result<(), XlsxError> {
    sheet.set_row_height(ROW_BTS, HEIGHT_TITLES[0])?;
    sheet.set_row_height(ROW_TITLE, HEIGHT_TITLES[1])?;
    for row in [ROW_NAME, ROW_CENTRE, ROW_URL] {
        sheet.set_row_height(row, HEIGHT_IDENTITY)?;
    }
    write_titles(sheet, data)?;
    write_candidate(sheet, &data.candidat)?;
    write_option(sheet, &data.candidat)?;
    write_portfolio(sheet, &data.candidat)?;
    Ok(())
}

/// Row 5: the portfolio's address. Written after the option boxes: the merges are saved
/// in the order they are made, and the file is compared byte for byte between runs.
fn write_portfolio(sheet: &mut Worksheet, c: &CandidatData) -> Result<(), XlsxError> {
    let ident = arial(18.0).set_bold().set_align(FormatAlign::Left);
    sheet.merge_range(
        ROW_URL,
        0,
        ROW_URL,
        COL_LAST,
        &labelled(label::URL, c.portfolio.as_deref()),
        &framed(ident, Sides(M, M, T, M)),
    )?;
    Ok(())
}

/// Rows 1-2: « BTS … », the session, the form's title.
fn write_titles(sheet: &mut Worksheet, data: &DossierData) -> Result<(), XlsxError> {
    let title = arial(20.0).set_bold().set_align(FormatAlign::Center);
    sheet.merge_range(ROW_BTS, 0, ROW_BTS, COL_SISR - 1, label::BTS, &title)?;
    sheet.merge_range(
        ROW_BTS,
        COL_SISR,
        ROW_BTS,
        COL_LAST,
        &format!("SESSION {}", data.session.annee),
        &title,
    )?;
    sheet.merge_range(ROW_TITLE, 0, ROW_TITLE, COL_LAST, label::TITLE, &title)?;
    Ok(())
}

/// Rows 3-4: name, candidate number and centre, each after its label.
fn write_candidate(sheet: &mut Worksheet, c: &CandidatData) -> Result<(), XlsxError> {
    let ident = arial(18.0).set_bold().set_align(FormatAlign::Left);
    sheet.merge_range(
        ROW_NAME,
        0,
        ROW_NAME,
        COL_NUMERO - 1,
        &labelled(label::NAME, Some(&c.nom_complet)),
        &framed(ident.clone(), Sides(M, T, M, T)),
    )?;
    sheet.merge_range(
        ROW_NAME,
        COL_NUMERO,
        ROW_NAME,
        COL_LAST,
        &labelled(label::NUMERO, c.numero.as_deref()),
        &framed(ident.clone(), Sides(T, M, M, T)),
    )?;
    sheet.merge_range(
        ROW_CENTRE,
        0,
        ROW_CENTRE,
        COL_NUMERO - 1,
        &labelled(label::CENTRE, c.centre.as_deref()),
        &framed(ident, Sides(M, T, T, T)),
    )?;
    Ok(())
}

/// Row 4, right: « Option : », then the SISR and SLAM boxes, the candidate's ticked.
fn write_option(sheet: &mut Worksheet, c: &CandidatData) -> Result<(), XlsxError> {
    let boxed = arial(18.0).set_bold().set_align(FormatAlign::Center);
    sheet.write_string_with_format(
        ROW_CENTRE,
        COL_NUMERO,
        label::OPTION,
        &framed(
            arial(18.0).set_bold().set_align(FormatAlign::General),
            Sides(T, N, T, T),
        ),
    )?;
    let option_box = |code: &str| {
        let mark = if c.option == code {
            label::TICKED
        } else {
            label::UNTICKED
        };
        format!("{mark} {code}")
    };
    sheet.write_string_with_format(
        ROW_CENTRE,
        COL_SISR,
        option_box("SISR"),
        &framed(boxed.clone(), Sides(N, N, T, T)),
    )?;
    sheet.write_string_with_format(
        ROW_CENTRE,
        COL_SLAM,
        option_box("SLAM"),
        &framed(boxed, Sides(N, M, T, T)),
    )?;
    Ok(())
}

/// Rows 6-7: the diagonal cell, the période heading, the competences and their sub-items.
fn write_header(sheet: &mut Worksheet, tableau: &TableauData) -> Result<(), XlsxError> {
    sheet.set_row_height(ROW_HEADER, HEIGHT_HEADER)?;
    sheet.set_row_height(ROW_SUB_ITEMS, HEIGHT_SUB_ITEMS)?;

    let (bold, subtitle) = tableau.entete_realisations;
    let diagonal_text = format!(
        "{}{}{bold}\n{subtitle}",
        label::DIAGONAL_TOP,
        "\n".repeat(label::DIAGONAL_GAP)
    );
    let diagonal = framed(
        arial(12.0)
            .set_bold()
            .set_italic()
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        Sides(M, T, T, T),
    )
    .set_border_diagonal(T)
    .set_border_diagonal_color(Color::RGB(INK))
    .set_border_diagonal_type(FormatDiagonalBorder::BorderDown);
    sheet.merge_range(
        ROW_HEADER,
        COL_REALISATION,
        ROW_SUB_ITEMS,
        COL_REALISATION,
        &diagonal_text,
        &diagonal,
    )?;
    let rotated = |size: f64, bold: bool, right: FormatBorder| {
        let f = arial(size)
            .set_rotation(90)
            .set_align(FormatAlign::Center)
            .set_text_wrap();
        framed(if bold { f.set_bold() } else { f }, Sides(T, right, T, T))
    };
    sheet.merge_range(
        ROW_HEADER,
        COL_PERIODE,
        ROW_SUB_ITEMS,
        COL_PERIODE,
        tableau.entete_periode,
        &rotated(12.0, true, T),
    )?;
    for (i, col) in (COL_FIRST_COMPETENCE..=COL_LAST).enumerate() {
        let right = if col == COL_LAST { M } else { T };
        let heading = framed(
            arial(12.0)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            Sides(T, right, T, T),
        );
        let (label, items) =
            tableau
                .competences
                .get(i)
                .map_or((String::new(), String::new()), |c| {
                    let items: Vec<String> = c.sous_items.iter().map(|s| format!("▸{s}")).collect();
                    (c.label.clone(), items.join("\n"))
                });
        sheet.write_string_with_format(ROW_HEADER, col, &label, &heading)?;
        sheet.write_string_with_format(ROW_SUB_ITEMS, col, &items, &rotated(10.0, false, right))?;
    }
    Ok(())
}

/// One section: its merged title row, its réalisations, then blank bordered rows up to
/// the model's minimum. Returns the row after the section.
fn write_section(
    sheet: &mut Worksheet,
    section: &SectionData,
    first: bool,
    last: bool,
    mut row: u32,
) -> Result<u32, XlsxError> {
    // The first title is followed by two empty lines on the model (its row is taller).
    let (title, height) = if first {
        (format!("{}\n\n", section.titre), HEIGHT_FIRST_SECTION)
    } else {
        (section.titre.to_string(), HEIGHT_SECTION)
    };
    let format = framed(
        arial(14.0).set_bold().set_align(FormatAlign::Center),
        Sides(M, M, T, T),
    );
    let format = if first {
        format.set_text_wrap()
    } else {
        format
    };
    sheet.merge_range(row, 0, row, COL_LAST, &title, &format)?;
    sheet.set_row_height(row, height)?;
    row += 1;
    let filled = u32::try_from(section.realisations.len()).unwrap_or(u32::MAX);
    let total = filled.max(min_rows(section.code));
    for i in 0..total {
        let bottom = if last && i + 1 == total { M } else { T };
        let cells = RowFormats::new(bottom);
        match section.realisations.get(i as usize) {
            Some(ligne) => write_realisation(sheet, ligne, &cells, row)?,
            None => {
                for col in COL_REALISATION..=COL_LAST {
                    sheet.write_blank(row, col, cells.of(col))?;
                }
                sheet.set_row_height(row, HEIGHT_ROW)?;
            }
        }
        row += 1;
    }
    Ok(row)
}

/// The formats of a réalisation row (rows 9-18, 20-26, 28-34 of the model).
struct RowFormats {
    realisation: Format,
    periode: Format,
    competence: Format,
    last_competence: Format,
}

impl RowFormats {
    fn new(bottom: FormatBorder) -> RowFormats {
        let competence = arial(8.0).set_align(FormatAlign::Center);
        RowFormats {
            realisation: framed(
                arial(11.0).set_bold().set_text_wrap(),
                Sides(M, T, T, bottom),
            ),
            // Wrapped (the model's cell is not): « du JJ/MM/AA au JJ/MM/AA » takes two lines.
            periode: framed(
                arial(11.0).set_bold().set_text_wrap(),
                Sides(T, T, T, bottom),
            ),
            competence: framed(competence.clone(), Sides(T, T, T, bottom)),
            last_competence: framed(competence, Sides(T, M, T, bottom)),
        }
    }

    fn of(&self, col: u16) -> &Format {
        match col {
            COL_REALISATION => &self.realisation,
            COL_PERIODE => &self.periode,
            COL_LAST => &self.last_competence,
            _ => &self.competence,
        }
    }
}

/// One réalisation: its title and, on the next line, its documents and productions; its
/// période; an « X » under each competence it mobilises.
fn write_realisation(
    sheet: &mut Worksheet,
    ligne: &LigneData,
    cells: &RowFormats,
    row: u32,
) -> Result<(), XlsxError> {
    let titre = ligne.titre.trim();
    let productions = ligne.productions.join(", ");
    let text = match (titre.is_empty(), productions.is_empty()) {
        (false, false) => format!("{titre}\n{productions}"),
        (false, true) => titre.to_string(),
        (true, _) => productions.clone(),
    };
    if text.is_empty() {
        sheet.write_blank(row, COL_REALISATION, cells.of(COL_REALISATION))?;
    } else {
        sheet.write_string_with_format(row, COL_REALISATION, &text, cells.of(COL_REALISATION))?;
    }
    let periode = ligne.periode.as_deref().map(str::trim).unwrap_or("");
    if periode.is_empty() {
        sheet.write_blank(row, COL_PERIODE, cells.of(COL_PERIODE))?;
    } else {
        sheet.write_string_with_format(row, COL_PERIODE, periode, cells.of(COL_PERIODE))?;
    }
    for (i, col) in (COL_FIRST_COMPETENCE..=COL_LAST).enumerate() {
        if ligne.coches.get(i).copied().unwrap_or(false) {
            sheet.write_string_with_format(row, col, "X", cells.of(col))?;
        } else {
            sheet.write_blank(row, col, cells.of(col))?;
        }
    }
    // Excel does not grow a row for wrapped text written by a program: estimate the
    // lines (characters per line of 11 pt bold Arial in the model's columns).
    let lines_a = wrapped_lines(&text, 58);
    let lines_b = wrapped_lines(periode, 11);
    let height = (lines_a.max(lines_b) as f64 * 14.0 + 6.0).max(HEIGHT_ROW);
    sheet.set_row_height(row, height.min(HEIGHT_MAX))?;
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
    use crate::render::data::{CandidatData, DossierInfo, FicheEntete, SessionData, TableauData};

    fn ligne(titre: &str, coches: [bool; 6]) -> LigneData {
        LigneData {
            titre: titre.to_string(),
            periode: Some("du 01/09/25 au 15/04/26".to_string()),
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
            tableau: Some(TableauData::official(vec![
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
            ])),
            fiche_entete: FicheEntete {
                epreuve: String::new(),
                annexe: None,
                notes: vec![],
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
            "Tableau de synthèse des réalisations professionnelles "
        );
        assert_eq!(g.cell(3, 'A'), "NOM et prénom : MARTIN Léa");
        assert_eq!(g.cell(3, 'F'), "N° candidat : 02248411067");
        assert_eq!(
            g.cell(4, 'A'),
            "Centre de formation : Lycée Jean Moulin & Co"
        );
        assert_eq!(g.cell(4, 'F'), "Option :");
        assert_eq!(g.cell(4, 'G'), "☒ SISR");
        assert_eq!(g.cell(4, 'H'), "▢ SLAM");
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
        assert_eq!(g.cell(4, 'G'), "▢ SISR");
        assert_eq!(g.cell(4, 'H'), "☒ SLAM");
        assert_eq!(g.cell(3, 'F'), "N° candidat : ");
        assert_eq!(g.cell(4, 'A'), "Centre de formation :");
        assert_eq!(g.cell(5, 'A'), "Adresse URL du portfolio :");
    }

    #[test]
    fn header_has_the_diagonal_texts_periode_competences_and_sub_items() {
        let g = Grid::read(&synthese_xlsx(&data("SISR", vec![], vec![])).expect("xlsx"));
        assert_eq!(
            g.cell(6, 'A'),
            format!(
                "Compétences mises en œuvre{}Réalisations professionnelles\n(intitulé et liste des documents et productions associés)",
                "\n".repeat(22)
            )
        );
        assert_eq!(
            g.cell(6, 'B'),
            "Période (sous la forme du JJ/MM/AA au JJ/MM/AA)"
        );
        assert_eq!(
            g.cell(6, 'D'),
            "Répondre aux incidents et aux demandes d’assistance et d’évolution"
        );
        assert_eq!(g.cell(6, 'H'), "Organiser son développement professionnel");
        assert!(
            g.cell(7, 'F')
                .starts_with("▸Analyser les objectifs et les modalités d’organisation d’un projet\n▸Planifier les activités"),
            "{}",
            g.cell(7, 'F')
        );
    }

    #[test]
    fn empty_sections_have_the_rows_of_the_2026_model() {
        let bytes = synthese_xlsx(&data("SISR", vec![], vec![])).expect("xlsx");
        let g = Grid::read(&bytes);
        assert_eq!(g.row_of(&format!("{FORMATION}\n\n")), 8);
        assert_eq!(g.row_of(PRO1), 19);
        assert_eq!(g.row_of(PRO2), 27);
        // Blank bordered rows 28-34 are written, then the empty row 35 of the print area.
        let xml = sheet_xml(&bytes);
        assert!(xml.contains(r#"<row r="34""#) && xml.contains(r#"<row r="35""#));
        assert!(!xml.contains(r#"<row r="36""#));
        let workbook = entry(&bytes, "xl/workbook.xml");
        assert!(
            workbook.contains("'Tableau de synthèse Épreuve E5'!$A$1:$H$35"),
            "{workbook}"
        );
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
        assert_eq!(g.cell(9, 'B'), "du 01/09/25 au 15/04/26");
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
        let workbook = entry(
            &synthese_xlsx(&data(
                "SISR",
                (1..=12)
                    .map(|i| ligne(&format!("R{i}"), [true; 6]))
                    .collect(),
                vec![],
            ))
            .expect("xlsx"),
            "xl/workbook.xml",
        );
        assert!(workbook.contains("!$A$1:$H$37"), "{workbook}");
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
