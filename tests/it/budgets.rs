//! Nothing lost, nothing exhausted (issue 17): a class holding one case of each kind
//! (homonyms, a file name that is not UTF-8, image and SVG bombs, a broken logo, a
//! formula in a name, a front matter nested 100 000 deep, odd encodings, a huge name)
//! builds every candidate and the report, each case turned into a placeholder or a
//! warning naming the file. Large inputs are generated here (header-only images, a
//! sparse file); memory is measured by the benchmark (`benches/bench.sh`), not here.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use crate::common::*;

fn mission(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2025-03-10\nepreuve: [E5, E6]\ncontexte: formation\ncompetences: [patrimoine, incidents, presence_en_ligne, projet, service, developpement_pro]\n{extra}---\n\n{body}\n"
    )
}

fn candidat(nom: &str, prenom: &str, numero: Option<&str>) -> String {
    let numero = numero.map_or(String::new(), |n| format!("numero_candidat: \"{n}\"\n"));
    format!("nom: {nom}\nprenom: {prenom}\n{numero}option: SISR\nmode: CCF\nsession: 2026\n")
}

/// A candidate folder with `candidat.yaml` and one ordinary mission titled `title`.
fn candidate(class: &Path, dir: &str, yaml: &str, title: &str) -> PathBuf {
    Candidate::new(class.join(dir))
        .yaml(yaml)
        .mission(
            "ordinaire",
            mission(title, "", "Texte ordinaire de la mission."),
        )
        .done()
}

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

/// A real 2 × 2 JPEG.
fn tiny_jpeg() -> Vec<u8> {
    unhex(
        "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffdb0043011112121815182f1a1a2f634238426363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363ffc00011080002000203012200021101031101ffc4001500010100000000000000000000000000000005ffc40014100100000000000000000000000000000000ffc4001501010100000000000000000000000000000506ffc40014110100000000000000000000000000000000ffda000c03010002110311003f008a00b5e3ffd9",
    )
}

/// A real 2 × 2 PNG.
fn tiny_png() -> Vec<u8> {
    unhex(
        "89504e470d0a1a0a0000000d494844520000000200000002010300000048789f6700000003504c54450000ff8a78d2570000000c4944415408d7636060600000000400012734270a0000000049454e44ae426082",
    )
}

/// A PNG that is only a header declaring `w` × `h` pixels (33 bytes).
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    b.extend(w.to_be_bytes());
    b.extend(h.to_be_bytes());
    b.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

/// A 35-byte GIF declaring a 65535 × 65535 screen and frame.
fn gif_bomb() -> Vec<u8> {
    let mut b = b"GIF89a".to_vec();
    b.extend([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0]);
    b.push(0x2C);
    b.extend([0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0]);
    b.extend([2, 2, 0x4C, 0x01, 0, 0x3B]);
    b
}

/// A JPEG header declaring 65535 × 65535 pixels.
fn jpeg_bomb() -> Vec<u8> {
    let mut b = vec![
        0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0xFF, 0xFF, 0xFF, 0xFF,
    ];
    b.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
    b
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn svg(inner: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"40\" height=\"20\">{inner}</svg>"
    )
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The images of the `images` candidate: file name, bytes, what the warning must say.
fn image_cases() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    vec![
        ("png-bombe.png", png_header(65535, 65535), "65535 × 65535"),
        ("gif-bombe.gif", gif_bomb(), "mégapixels"),
        ("jpeg-bombe.jpg", jpeg_bomb(), "65535 × 65535"),
        (
            "gzip-bombe.svgz",
            gzip(svg(&" ".repeat(24 * 1024 * 1024)).as_bytes()),
            "décompressé",
        ),
        (
            "lien-gz.svgz",
            gzip(svg("<image href=\"../../../canari.png\" width=\"9\" height=\"9\"/>").as_bytes()),
            "cite un fichier",
        ),
        (
            "entite-tardive.svg",
            format!(
                "<?xml version=\"1.0\"?>\n<!--{}-->\n<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n{}",
                " ".repeat(4000),
                svg("<text y=\"10\">&b;</text>")
            )
            .into_bytes(),
            "entités XML",
        ),
        (
            "data-bombe.svg",
            svg(&format!(
                "<image href=\"data:image/png;base64,{}\" width=\"9\" height=\"9\"/>",
                b64(&png_header(65535, 65535))
            ))
            .into_bytes(),
            "mégapixels",
        ),
        (
            "svg-dans-svg.svg",
            svg(&format!(
                "<image href=\"data:image/svg+xml;base64,{}\" width=\"9\" height=\"9\"/>",
                b64(svg("<rect width=\"5\" height=\"5\"/>").as_bytes())
            ))
            .into_bytes(),
            "autre image SVG",
        ),
        (
            "svg-lourd.svg",
            svg(&"<rect width=\"1\" height=\"1\"/>".repeat(100_001)).into_bytes(),
            "éléments",
        ),
    ]
}

struct Built {
    _root: tempfile::TempDir,
    class: PathBuf,
    out: PathBuf,
    run: Output,
}

/// The class, built once for every test of this module.
fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(make_class)
}

fn make_class() -> Built {
    let root = tempfile::tempdir().unwrap();
    let class = root.path().join("classe");
    fs::create_dir_all(&class).unwrap();
    write(&root.path().join("canari.png"), tiny_png());
    // A logo that is only a header: over budget, the class is built without it.
    write(&class.join("logo.png"), png_header(65535, 65535));
    write(
        &class.join("classe.yaml"),
        "session: 2026\netablissement: Lycée Test\nlogo: logo.png\n",
    );

    candidate(
        &class,
        "normal",
        &candidat("NORMAL", "Nina", Some("0351200101")),
        "Mission normale",
    );

    // Every image case, one per line, plus an image whose extension lies and an SVG
    // linking a web page (both laid out).
    let c = candidate(
        &class,
        "images",
        &candidat("IMAGE", "Ines", Some("0351200102")),
        "Mission images",
    );
    let mut body = String::from("Les images :\n\n");
    for (name, bytes, _) in image_cases() {
        write(&c.join("assets/img").join(name), bytes);
        body.push_str(&format!("![{name}](/assets/img/{name})\n\n"));
    }
    write(&c.join("assets/img/menteuse.png"), tiny_jpeg());
    write(
        &c.join("assets/img/web.svg"),
        svg("<a href=\"https://example.org/schema\"><rect width=\"9\" height=\"9\"/></a>"),
    );
    body.push_str("![menteuse](/assets/img/menteuse.png)\n\n![web](/assets/img/web.svg)\n");
    write(
        &c.join("missions/images.md"),
        mission("Mission des images", "", &body),
    );

    // Homonyms: no number yet, same name; and names equal but for case and apostrophe.
    candidate(
        &class,
        "martin-a",
        &candidat("MARTIN", "Thomas", None),
        "Mission de Thomas A",
    );
    candidate(
        &class,
        "martin-b",
        &candidat("MARTIN", "Thomas", None),
        "Mission de Thomas B",
    );
    candidate(
        &class,
        "ndiaye-1",
        &candidat("N'Diaye", "Awa", None),
        "Mission de Awa 1",
    );
    candidate(
        &class,
        "ndiaye-2",
        &candidat("NDIAYE", "Awa", None),
        "Mission de Awa 2",
    );

    // A mission whose file name is Windows-1252 (`café.md`), one in UTF-16 without a
    // BOM, a right-to-left override in a body.
    let c = candidate(
        &class,
        "encodages",
        &candidat("ENCODE", "Eva", Some("0351200104")),
        "Mission encodages",
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        write(
            &c.join("missions").join(name),
            mission("Mission du cafe", "", "Texte du café."),
        );
    }
    let utf16: Vec<u8> = mission("Mission en UTF-16", "", "Texte en UTF-16 sans BOM.")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    write(&c.join("missions/utf16.md"), utf16);
    write(
        &c.join("missions/bidi.md"),
        mission("Mission bidi", "", "Avant \u{202e}ENVERS\u{202c} après."),
    );

    // A front matter nested 100 000 levels deep: refused at once, the mission left out.
    let c = candidate(
        &class,
        "yaml",
        &candidat("YAML", "Yann", Some("0351200105")),
        "Mission yaml saine",
    );
    write(
        &c.join("missions/profond.md"),
        format!(
            "---\ntitle: Profond\ntags: {}{}\n---\n\nTexte.\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );

    // A name of 150 Arabic letters (300 bytes): the package name is cut by bytes.
    let arabic = "م".repeat(150);
    candidate(
        &class,
        "arabe",
        &candidat(&arabic, "Yusuf", Some("0351200106")),
        "Mission arabe",
    );

    // A formula as a name: the teacher's spreadsheet must not run it.
    candidate(
        &class,
        "formule",
        &candidat(
            "'=HYPERLINK(\"https://example.org\";\"clic\")'",
            "Fabien",
            Some("0351200107"),
        ),
        "Mission formule",
    );

    // A 30-digit number typed without quotes: a wrong number, not an unreadable file.
    candidate(
        &class,
        "numero-long",
        "nom: LONG\nprenom: Luc\nnumero_candidat: 123456789012345678901234567890\noption: SISR\nmode: CCF\nsession: 2026\n",
        "Mission au long numéro",
    );

    let out = root.path().join("sortie");
    let run = Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .args([
            "class",
            class.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--jobs",
            "2",
        ])
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    Built {
        _root: root,
        class,
        out,
        run,
    }
}

fn zips(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".zip"))
        .collect();
    names.sort();
    names
}

/// The text of both dossiers of the package named `name`.
fn texts(out: &Path, name: &str) -> String {
    let dir = out.join(name);
    ["dossier-E5.pdf", "dossier-E6.pdf"]
        .iter()
        .map(|pdf| flat(&pdf_text(&dir.join(pdf))))
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_block(stderr: &str, needles: &[&str]) {
    let ok = stderr
        .split("\n\n")
        .any(|b| needles.iter().all(|n| b.contains(n)));
    assert!(ok, "no diagnostic with all of {needles:?} in:\n{stderr}");
}

#[test]
fn every_candidate_and_the_report_are_built() {
    let b = built();
    let err = stderr(&b.run);
    assert!(!err.contains("panicked"), "{err}");
    // The nested front matter is an error: the exit code says so, packages are written.
    assert_eq!(b.run.status.code(), Some(1), "{err}");
    assert_eq!(zips(&b.out).len(), 11, "{:?}\n{err}", zips(&b.out));
    assert!(b.out.join("rapport-classe.pdf").is_file(), "{err}");
    assert!(b.out.join("rapport-classe.csv").is_file());
    assert!(err.contains("construit(s) avec des erreurs"), "{err}");
}

#[test]
fn homonyms_never_overwrite_each_other() {
    let b = built();
    let err = stderr(&b.run);
    let names = zips(&b.out);
    for (folder, title) in [
        ("martin-a", "Mission de Thomas A"),
        ("martin-b", "Mission de Thomas B"),
    ] {
        let name = format!("sans-numero_MARTIN_Thomas_{folder}");
        assert!(names.contains(&format!("{name}.zip")), "{names:?}");
        assert!(texts(&b.out, &name).contains(title), "{name}");
    }
    let awa: Vec<&String> = names
        .iter()
        .filter(|n| n.to_lowercase().contains("ndiaye"))
        .collect();
    assert_eq!(awa.len(), 2, "{names:?}");
    let lower: std::collections::BTreeSet<String> = awa.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(
        lower.len(),
        2,
        "distinct even on a case-insensitive disk: {awa:?}"
    );
    assert_block(&err, &["homonymes", "« martin-a »", "« martin-b »"]);
    assert_block(&err, &["homonymes", "« ndiaye-1 »", "« ndiaye-2 »"]);
}

#[test]
fn images_over_budget_become_placeholders_named_in_warnings() {
    let b = built();
    let err = stderr(&b.run);
    let text = texts(&b.out, "0351200102_IMAGE_Ines");
    for (name, _, says) in image_cases() {
        assert_block(&err, &["images/missions/images.md", name, says]);
        assert!(
            text.contains(name),
            "placeholder for {name} in the PDF: {text}"
        );
    }
    // The JPEG named .png is laid out under its real format, with a warning.
    assert_block(&err, &["menteuse.png", "en fait une image JPEG"]);
    assert!(
        !text.contains("menteuse.png"),
        "laid out, no placeholder: {text}"
    );
    // A link to a web page inside an SVG is not a file read: laid out.
    assert!(!err.contains("web.svg"), "{err}");
    assert!(!text.contains("web.svg"), "{text}");
}

#[test]
fn a_bad_logo_is_named_and_the_class_is_built_without_it() {
    let b = built();
    let err = stderr(&b.run);
    assert_block(
        &err,
        &["classe.yaml", "logo « logo.png » non utilisé", "mégapixels"],
    );
    assert!(!err.contains("presentation.typ"), "{err}");
}

#[test]
fn a_file_name_that_is_not_utf8_is_read_and_named() {
    let b = built();
    let err = stderr(&b.run);
    let text = texts(&b.out, "0351200104_ENCODE_Eva");
    assert!(text.contains("Mission du cafe"), "{text}");
    assert_block(&err, &["café.md", "pas en UTF-8"]);
}

#[test]
fn utf16_without_bom_and_bidi_overrides_are_handled() {
    let b = built();
    let err = stderr(&b.run);
    let text = texts(&b.out, "0351200104_ENCODE_Eva");
    assert!(text.contains("Texte en UTF-16 sans BOM."), "{text}");
    assert!(text.contains("Avant ENVERS après."), "not reversed: {text}");
    assert_block(&err, &["bidi.md", "sens d'écriture"]);
}

#[test]
fn a_deeply_nested_front_matter_is_refused_at_once() {
    let b = built();
    let err = stderr(&b.run);
    assert_block(
        &err,
        &[
            "yaml/missions/profond.md",
            "imbriqué sur plus de 64 niveaux",
        ],
    );
    let text = texts(&b.out, "0351200105_YAML_Yann");
    assert!(text.contains("Mission yaml saine"), "{text}");
}

#[test]
fn a_30_digit_number_is_a_wrong_number_not_a_lost_candidate() {
    let b = built();
    let err = stderr(&b.run);
    assert_block(
        &err,
        &[
            "numero-long/candidat.yaml",
            "123456789012345678901234567890",
            "invalide",
        ],
    );
    assert!(zips(&b.out).contains(&"sans-numero_LONG_Luc.zip".to_string()));
}

#[test]
fn a_long_name_is_cut_by_bytes() {
    let b = built();
    let name = zips(&b.out)
        .into_iter()
        .find(|n| n.starts_with("0351200106_"))
        .expect("the Arabic candidate's package");
    assert!(name.len() <= 255, "{} bytes", name.len());
    assert!(name.contains("ممم"), "{name}");
}

#[test]
fn the_class_report_csv_never_runs_a_formula() {
    let b = built();
    let csv = fs::read_to_string(b.out.join("rapport-classe.csv")).unwrap();
    assert!(csv.contains("'=HYPERLINK("), "{csv}");
    // The rule, on every cell: none starts like a formula or a command.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "cell {cell:?}"
            );
        }
    }
    libreoffice_reads_text(&b.out.join("rapport-classe.csv"));
}

/// When LibreOffice is installed, the CSV as it opens it: the name is text, no formula
/// result (`clic`) in its place.
fn libreoffice_reads_text(csv: &Path) {
    let Ok(found) = Command::new("soffice").arg("--version").output() else {
        return;
    };
    if !found.status.success() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new("soffice")
        .args([
            "--headless",
            "--infilter=CSV:59,34,76",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(csv)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(dir.path().join("rapport-classe.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<String> = sheet.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c.contains("HYPERLINK")), "{cells:?}");
    assert!(!cells.iter().any(|c| c == "clic"), "{cells:?}");
}

#[test]
fn check_reports_the_same_bombs_without_building() {
    let b = built();
    let o = run(&["check", b.class.join("images").to_str().unwrap()]);
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    for (name, _, says) in image_cases() {
        assert_block(&err, &[name, says]);
    }
}

// Single-candidate builds: exit codes, what a rebuild reads, leftovers of a killed run.

fn one_candidate(root: &Path) -> PathBuf {
    Candidate::new(root.join("candidat"))
        .yaml(candidat("SEUL", "Sam", Some("0351200199")))
        .file("assets/img/photo.png", tiny_png())
        .mission(
            "ordinaire",
            mission(
                "Mission seule",
                "",
                "Une photo :\n\n![photo](/assets/img/photo.png)\n",
            ),
        )
        .done()
}

fn build_into(candidate: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .args([
            "build",
            candidate.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap()
}

#[test]
fn build_exits_1_on_an_error_and_still_writes_the_package() {
    let root = tempfile::tempdir().unwrap();
    let c = one_candidate(root.path());
    let out = root.path().join("out");
    let o = build_into(&c, &out);
    assert_eq!(o.status.code(), Some(0), "only warnings: {}", stderr(&o));

    write(
        &c.join("missions/casse.md"),
        "---\ntitle: [non fermé\n---\n\nTexte.\n",
    );
    let o = build_into(&c, &out);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("missions/casse.md"), "{err}");
    assert!(err.contains("paquet écrit, mais 1 erreur(s)"), "{err}");
    assert!(out.join("0351200199_SEUL_Sam.zip").is_file());
}

#[test]
fn a_rebuild_reads_only_what_the_dossiers_depend_on() {
    let root = tempfile::tempdir().unwrap();
    let c = one_candidate(root.path());
    // A 16 GiB sparse file nobody cites: noticed by size and date, never read.
    let video = c.join("assets/video.mp4");
    fs::File::create(&video).unwrap().set_len(16 << 30).unwrap();
    let out = root.path().join("out");
    let first = build_into(&c, &out);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let again = build_into(&c, &out);
    assert!(stdout(&again).contains("[inchangé]"), "{}", stdout(&again));
    // The cited photo changes: rebuilt.
    write(&c.join("assets/img/photo.png"), tiny_jpeg());
    let changed = build_into(&c, &out);
    assert!(
        !stdout(&changed).contains("[inchangé]"),
        "{}",
        stdout(&changed)
    );
    // The uncited file changes size: noticed too.
    let _ = build_into(&c, &out);
    fs::File::options()
        .write(true)
        .open(&video)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let grown = build_into(&c, &out);
    assert!(!stdout(&grown).contains("[inchangé]"), "{}", stdout(&grown));
}

#[cfg(target_os = "linux")]
#[test]
fn leftovers_of_a_killed_run_are_cleaned_at_the_next_run() {
    let root = tempfile::tempdir().unwrap();
    let c = one_candidate(root.path());
    let out = root.path().join("out");
    // A pid above the kernel's maximum: that run is over.
    let stale = out.join(".0351200199_SEUL_Sam.tmp-99999999");
    write(&stale.join("dossier-E5.pdf"), b"moitie");
    write(
        &out.join(".sio-dossier/.0351200199_SEUL_Sam.json.tmp-99999999"),
        b"{",
    );
    let o = build_into(&c, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stale.exists());
    assert!(
        !out.join(".sio-dossier/.0351200199_SEUL_Sam.json.tmp-99999999")
            .exists()
    );
    assert!(
        stderr(&o).contains("exécution interrompue"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn system_errors_are_told_in_french() {
    let root = tempfile::tempdir().unwrap();
    let c = one_candidate(root.path());
    // The output folder is a file: the package cannot be written.
    let out = root.path().join("sortie");
    fs::write(&out, b"pas un dossier").unwrap();
    let o = build_into(&c, &out);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("écriture du paquet dans") && err.contains("un fichier de ce nom existe déjà"),
        "{err}"
    );
    let o = run(&[
        "build",
        c.to_str().unwrap(),
        "-o",
        root.path().join("o").to_str().unwrap(),
        "--templates",
        root.path().join("absent").to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("dossier de modèles") && err.contains("introuvable"),
        "{err}"
    );
    for text in [stderr(&o), stderr(&build_into(&c, &out))] {
        assert!(!text.contains("os error"), "{text}");
        assert!(!text.contains("No such file"), "{text}");
    }
}
