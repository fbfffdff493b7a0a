#!/usr/bin/env python3
"""Deterministic class corpus for `make bench`, shaped like ../shared/sample-class.

N candidate folders (candidat.yaml, epreuves/e5.md, epreuves/e6.md, missions/mission-NN.md
with the front matter of ../shared/spec/input-format.md), a classe.yaml and a candidats.csv.
Bodies are French, with GFM tables, nested lists, code, quotes and accents, 1 to 3 A4
pages per mission. Same N and seed, same bytes.

Usage: gen_class.py N OUTDIR [--seed S] [--missions M]
"""
import argparse
import os
import random

PRENOMS = ["Élodie", "Raphaël", "Chloé", "Anaïs", "Jérôme", "Léa", "Noé", "Maëlle",
           "Timothée", "Hélène", "Loïc", "Océane", "Grégoire", "Zoé", "Benoît", "Inès"]
NOMS = ["LEFÈVRE", "DUPRÉ", "MERCIER", "GARÇON", "LEMAÎTRE", "FOURNIER", "CHEVALIER",
        "GÉRAUD", "BÉRANGER", "PÂRIS", "NOËL", "LACÔTE", "DESPRÈS", "FAURE", "AUBRÉE"]
ORGAS = ["Mairie de Saint-Aubin", "Clinique du Val", "Librairie Les Échappées",
         "Coopérative agricole du Rhône", "Lycée Édouard-Herriot", "Cabinet Hébert & associés"]
THEMES = ["Déploiement d'un serveur DHCP et DNS", "Mise en place d'une sauvegarde automatisée",
          "Application de gestion des congés", "Sécurisation du réseau Wi-Fi",
          "Migration d'une base de données vers PostgreSQL", "Supervision avec Zabbix",
          "API REST de réservation de salles", "Gestion des accès par Active Directory",
          "Intégration continue avec GitLab CI", "Virtualisation sous Proxmox VE",
          "Refonte du site vitrine", "Mise en conformité RGPD des fichiers clients"]
BLOC1 = ["patrimoine", "incidents", "presence_en_ligne", "projet", "service", "developpement_pro"]
BLOC2 = {"SISR": ["concevoir_infra", "deployer_infra", "exploiter_infra"],
         "SLAM": ["concevoir_app", "maintenir_app", "donnees"]}
OUTILS = ["GLPI", "Debian 12", "Windows Server 2022", "pfSense", "Docker", "Ansible",
          "PostgreSQL", "MariaDB", "Symfony", "Python 3.12", "Git", "Proxmox VE", "Nginx"]
MOTS = ("le la les un une des du de et à où pour avec sans dans sur sous entre vers "
        "système réseau données sécurité procédure équipe client utilisateur serveur "
        "accès mise œuvre résultat étape contrôle qualité évolution fiabilité disponibilité "
        "sauvegarde restauration configuration déploiement intégration vérification réalisé "
        "préalable nécessaire complète première dernière éventuelle été a permis également "
        "problème solution méthode analyse besoin cahier charges délai coût priorité").split()
CODE = [
    ("bash", "#!/bin/bash\n# Sauvegarde quotidienne (été comme hiver)\nDEST=/srv/sauvegardes/$(date +%F)\nmkdir -p \"$DEST\"\nrsync -a --delete /srv/données/ \"$DEST\"/"),
    ("sql", "-- Contrôle des réservations\nSELECT c.nom, COUNT(r.id) AS nb\nFROM clients c JOIN réservations r ON r.client_id = c.id\nGROUP BY c.nom ORDER BY nb DESC;"),
    ("powershell", "# Comptes inactifs depuis 90 jours\nGet-ADUser -Filter * -Properties LastLogonDate |\n  Where-Object { $_.LastLogonDate -lt (Get-Date).AddDays(-90) } |\n  Select-Object Name, LastLogonDate"),
    ("php", "<?php\n// Contrôleur de la page d'accueil\nfunction accueil(array $données): string {\n    return '<h1>' . htmlspecialchars($données['titre'] ?? 'Bienvenue') . '</h1>';\n}"),
]


def phrase(rng, nmin=9, nmax=22):
    w = [rng.choice(MOTS) for _ in range(rng.randint(nmin, nmax))]
    w[0] = w[0].capitalize()
    if rng.random() < 0.3:
        i = rng.randrange(1, len(w))
        w[i] = "**" + w[i] + "**"
    if rng.random() < 0.2:
        i = rng.randrange(1, len(w))
        w[i] = "*" + w[i] + "*"
    return " ".join(w) + rng.choice([".", ".", " ; c'est essentiel.", " !"])


def para(rng, n=None):
    return " ".join(phrase(rng) for _ in range(n or rng.randint(3, 6)))


def table(rng, rows):
    out = ["| Étape | Description | Durée (h) | Réalisée |", "|:------|:------------|----------:|:--------:|"]
    for i in range(rows):
        desc = " ".join(rng.choice(MOTS) for _ in range(rng.randint(4, 9)))
        out.append(f"| {i + 1}. {rng.choice(['Analyse', 'Conception', 'Tests', 'Recette'])} | {desc} "
                   f"| {rng.randint(1, 12)} | {rng.choice(['oui', 'non', 'en cours'])} |")
    return "\n".join(out)


def yaml_list(items):
    return "[" + ", ".join(f'"{x}"' for x in items) + "]"


# Bloc 2 pairs given to a candidate's E6 réalisations in turn: any two of them cover the
# whole bloc, so the class is ready to submit (an E6 whose two réalisations leave a bloc 2
# competence uncovered is an error, and the build exits 1).
BLOC2_PAIRS = [(0, 1), (1, 2), (0, 2)]


def mission(rng, option, idx, epreuve, e6_rank=0):
    theme = rng.choice(THEMES)
    month = rng.randint(1, 12)
    year = 2025 if month < 9 else 2024
    comps = rng.sample(BLOC1, rng.randint(2, 3))
    if "E6" in epreuve:
        rng.sample(BLOC2[option], 2)  # drawn as before, so the rest of the corpus is unchanged
        comps += [BLOC2[option][i] for i in BLOC2_PAIRS[e6_rank % len(BLOC2_PAIRS)]]
    pages = rng.choice([1, 2, 3])
    fm = "\n".join([
        "---",
        f'title: "{theme} ({idx})"',
        f"date: {year}-{month:02d}-{rng.randint(1, 28):02d}",
        f'periode: "du 06/{month:02d}/{year} au 28/{month:02d}/{year}"',
        f'organisation: "{rng.choice(ORGAS)}"',
        'lieu: "Rennes (35)"',
        f"modalite: {rng.choice(['seul', 'equipe'])}",
        f"epreuve: {epreuve}",
        f"contexte: {rng.choice(['formation', 'entreprise', 'pro1', 'pro2'])}",
        f"competences: [{', '.join(comps)}]",
        f"ressources: {yaml_list(rng.sample(OUTILS, 3))}",
        f'resultats_attendus: "{phrase(rng, 8, 14)}"',
        "---",
    ])
    body = [fm, "", "## Contexte et besoin", "", para(rng), "", para(rng), "",
            "## Outils", ""]
    body += [f"- **{o}** : {phrase(rng, 5, 10)}" for o in rng.sample(OUTILS, 4)]
    body += ["  - " + phrase(rng, 4, 8), ""]
    for _ in range(pages):
        body += ["## Déroulement", "", table(rng, rng.randint(4, 7)), ""]
        body += [f"{i + 1}. {phrase(rng, 8, 16)}" for i in range(rng.randint(4, 6))]
        lang, code = rng.choice(CODE)
        body += ["", f"```{lang}", code, "```", "", para(rng, 6), "", "> " + phrase(rng), "", para(rng, 5), ""]
    body += ["## Bilan", "", para(rng, 4), ""]
    return "\n".join(body)


def epreuve_page(rng, code):
    return "\n".join([
        "---", f'title: "Épreuve {code} BTS SIO"', "date: 2025-01-09", "---", "",
        f"### Épreuve {code}", "", para(rng, 5), "", "- " + phrase(rng), "- " + phrase(rng), "",
        table(rng, 4), "", para(rng, 4), ""])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--missions", type=int, default=6)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    folders, roster = [], ["dossier;nom;prenom;numero_candidat;option;mode"]
    for c in range(a.n):
        folder = f"candidat-{c + 1:04d}"
        prenom, nom = rng.choice(PRENOMS), rng.choice(NOMS)
        option = rng.choice(["SISR", "SLAM"])
        numero = f"03{5100000 + c * 7 + 13:08d}"
        d = os.path.join(a.outdir, folder)
        os.makedirs(os.path.join(d, "epreuves"), exist_ok=True)
        os.makedirs(os.path.join(d, "missions"), exist_ok=True)
        files = {
            "candidat.yaml": f'nom: "{nom}"\nprenom: "{prenom}"\nnumero_candidat: "{numero}"\n'
                             f"option: {option}\nmode: CCF\nsession: 2026\n",
            "epreuves/e5.md": epreuve_page(rng, "E5"),
            "epreuves/e6.md": epreuve_page(rng, "E6"),
        }
        e6_rank = 0
        for m in range(1, a.missions + 1):
            epreuve = ["E5", "E5", "E6", "[E5, E6]"][m % 4]
            files[f"missions/mission-{m:02d}.md"] = mission(rng, option, m, epreuve, e6_rank)
            e6_rank += "E6" in epreuve
        for rel, text in files.items():
            with open(os.path.join(d, rel), "w", encoding="utf-8") as f:
                f.write(text)
        folders.append(folder)
        roster.append(f"{folder};{nom};{prenom};{numero};{option};CCF")
    with open(os.path.join(a.outdir, "classe.yaml"), "w", encoding="utf-8") as f:
        f.write('session: 2026\netablissement: "Lycée du banc d\'essai"\nacademie: "Rennes"\n'
                'centre: "0350000X"\ncandidats:\n' + "".join(f"  - {x}\n" for x in folders))
    with open(os.path.join(a.outdir, "candidats.csv"), "w", encoding="utf-8") as f:
        f.write("\r\n".join(roster) + "\r\n")
    print(f"{a.n} candidats, {a.n * (a.missions + 2)} pages Markdown dans {a.outdir}")


if __name__ == "__main__":
    main()
