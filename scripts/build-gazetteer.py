#!/usr/bin/env python3
"""Builds enrich.entities' gazetteer (Plugins/EnrichEntities/Resources/gazetteer.tsv) from facts: every country and
territory of ISO 3166-1 with its names (Debian's iso-codes, /usr/share/iso-codes/json/iso_3166-1.json), and, listed
below, common short names, capitals and cities of over about half a million people with their country, demonyms and
adjectives with the country they name, regions, and major international organisations.

Each line: name, a tab, link (ISO 3166-1 alpha-2 code, or an organisation's short name), a tab, type
(country, city, demonym, region, organisation), a tab, the canonical name. A name of two places (`Korea`) lists both
links and both canonical names separated by `|`, the default first; enrich.entities picks the one the document's
other mentions favour.
Run: python3 scripts/build-gazetteer.py [--iso /usr/share/iso-codes/json/iso_3166-1.json]
"""
import argparse, json, re

COMMON_NAMES = {  # short names in use in news, beyond iso-codes' own
    "KP": ["North Korea", "DPRK", "Democratic People's Republic of Korea"], "KR": ["South Korea", "Republic of Korea"],
    "RU": ["Russia"], "US": ["United States", "America", "USA", "U.S.", "US", "United States of America"],
    "GB": ["United Kingdom", "Britain", "Great Britain", "UK", "U.K.", "United Kingdom", "England", "Scotland", "Wales", "Northern Ireland"],
    "IR": ["Iran"], "SY": ["Syria"], "VN": ["Vietnam", "Viet Nam"], "LA": ["Laos"], "TW": ["Taiwan"], "BO": ["Bolivia"],
    "VE": ["Venezuela"], "TZ": ["Tanzania"], "MD": ["Moldova"], "CZ": ["Czech Republic", "Czechia"], "CD": ["DR Congo", "Democratic Republic of Congo", "DRC"],
    "CG": ["Congo", "Republic of Congo"], "CI": ["Ivory Coast", "Côte d'Ivoire"], "PS": ["Palestine", "Gaza", "West Bank", "Gaza Strip"],
    "VA": ["Vatican", "Vatican City", "Holy See"], "MK": ["North Macedonia", "Macedonia"], "FM": ["Micronesia"], "BN": ["Brunei"],
    "CV": ["Cape Verde"], "SZ": ["Eswatini", "Swaziland"], "TR": ["Turkey", "Türkiye"], "NL": ["Netherlands", "Holland"],
    "AE": ["UAE", "United Arab Emirates"], "SA": ["Saudi Arabia"], "CN": ["China", "PRC", "People's Republic of China"],
    "MM": ["Myanmar", "Burma"], "KG": ["Kyrgyzstan"], "FK": ["Falklands", "Falkland Islands"], "BA": ["Bosnia", "Bosnia and Herzegovina"],
}

# city: country (capitals and cities over about half a million people)
CITIES = """Kabul AF|Tirana AL|Algiers DZ|Oran DZ|Luanda AO|Buenos Aires AR|Córdoba AR|Rosario AR|Yerevan AM|Sydney AU|Melbourne AU|
Brisbane AU|Perth AU|Adelaide AU|Canberra AU|Vienna AT|Baku AZ|Manama BH|Dhaka BD|Chittagong BD|Minsk BY|Brussels BE|Antwerp BE|
Cotonou BJ|Thimphu BT|La Paz BO|Santa Cruz BO|Sarajevo BA|Gaborone BW|Brasília BR|Brasilia BR|São Paulo BR|Sao Paulo BR|
Rio de Janeiro BR|Salvador BR|Fortaleza BR|Belo Horizonte BR|Manaus BR|Curitiba BR|Recife BR|Porto Alegre BR|Sofia BG|
Ouagadougou BF|Phnom Penh KH|Yaoundé CM|Douala CM|Ottawa CA|Toronto CA|Montreal CA|Vancouver CA|Calgary CA|Edmonton CA|
Bangui CF|N'Djamena TD|Santiago CL|Beijing CN|Shanghai CN|Guangzhou CN|Shenzhen CN|Chongqing CN|Tianjin CN|Wuhan CN|
Chengdu CN|Nanjing CN|Xi'an CN|Hangzhou CN|Shenyang CN|Harbin CN|Hong Kong HK|Macau MO|Bogotá CO|Bogota CO|Medellín CO|Cali CO|
Kinshasa CD|Lubumbashi CD|Brazzaville CG|San José CR|Zagreb HR|Havana CU|Nicosia CY|Prague CZ|Copenhagen DK|Djibouti DJ|
Santo Domingo DO|Quito EC|Guayaquil EC|Cairo EG|Alexandria EG|Giza EG|San Salvador SV|Asmara ER|Tallinn EE|Addis Ababa ET|
Helsinki FI|Paris FR|Marseille FR|Lyon FR|Libreville GA|Tbilisi GE|Berlin DE|Hamburg DE|Munich DE|Cologne DE|Frankfurt DE|
Accra GH|Kumasi GH|Athens GR|Guatemala City GT|Conakry GN|Port-au-Prince HT|Tegucigalpa HN|Budapest HU|Reykjavik IS|
New Delhi IN|Delhi IN|Mumbai IN|Kolkata IN|Chennai IN|Bangalore IN|Bengaluru IN|Hyderabad IN|Ahmedabad IN|Pune IN|Jaipur IN|
Lucknow IN|Jakarta ID|Surabaya ID|Bandung ID|Medan ID|Tehran IR|Mashhad IR|Isfahan IR|Tabriz IR|Baghdad IQ|Basra IQ|Mosul IQ|
Erbil IQ|Dublin IE|Jerusalem IL|Tel Aviv IL|Rome IT|Milan IT|Naples IT|Turin IT|Kingston JM|Tokyo JP|Yokohama JP|Osaka JP|
Nagoya JP|Sapporo JP|Kobe JP|Kyoto JP|Fukuoka JP|Amman JO|Astana KZ|Almaty KZ|Nairobi KE|Mombasa KE|Pyongyang KP|Seoul KR|
Busan KR|Incheon KR|Daegu KR|Daejeon KR|Gwangju KR|Kuwait City KW|Bishkek KG|Vientiane LA|Riga LV|Beirut LB|Monrovia LR|
Tripoli LY|Benghazi LY|Vilnius LT|Luxembourg LU|Antananarivo MG|Lilongwe MW|Kuala Lumpur MY|Bamako ML|Nouakchott MR|
Mexico City MX|Guadalajara MX|Monterrey MX|Puebla MX|Tijuana MX|Chisinau MD|Ulaanbaatar MN|Podgorica ME|Rabat MA|
Casablanca MA|Marrakesh MA|Maputo MZ|Naypyidaw MM|Yangon MM|Mandalay MM|Windhoek NA|Kathmandu NP|Amsterdam NL|
The Hague NL|Rotterdam NL|Wellington NZ|Auckland NZ|Managua NI|Niamey NE|Abuja NG|Lagos NG|Kano NG|Ibadan NG|Oslo NO|
Muscat OM|Islamabad PK|Karachi PK|Lahore PK|Faisalabad PK|Rawalpindi PK|Peshawar PK|Panama City PA|Port Moresby PG|
Asunción PY|Lima PE|Manila PH|Quezon City PH|Davao PH|Warsaw PL|Krakow PL|Lisbon PT|Porto PT|Doha QA|Bucharest RO|
Moscow RU|Saint Petersburg RU|St Petersburg RU|Novosibirsk RU|Yekaterinburg RU|Kazan RU|Nizhny Novgorod RU|
Chelyabinsk RU|Samara RU|Omsk RU|Rostov-on-Don RU|Ufa RU|Krasnoyarsk RU|Voronezh RU|Perm RU|Volgograd RU|Kursk RU|
Belgorod RU|Bryansk RU|Vladivostok RU|Kaliningrad RU|Kigali RW|Riyadh SA|Jeddah SA|Mecca SA|Medina SA|Dakar SN|Belgrade RS|
Freetown SL|Singapore SG|Bratislava SK|Ljubljana SI|Mogadishu SO|Pretoria ZA|Johannesburg ZA|Cape Town ZA|Durban ZA|
Juba SS|Madrid ES|Barcelona ES|Valencia ES|Seville ES|Colombo LK|Khartoum SD|Omdurman SD|Paramaribo SR|Stockholm SE|
Bern CH|Zurich CH|Geneva CH|Damascus SY|Aleppo SY|Homs SY|Taipei TW|Kaohsiung TW|Taichung TW|Dushanbe TJ|Dodoma TZ|
Dar es Salaam TZ|Bangkok TH|Lomé TG|Tunis TN|Ankara TR|Istanbul TR|Izmir TR|Bursa TR|Antalya TR|Ashgabat TM|Kampala UG|
Kyiv UA|Kiev UA|Kharkiv UA|Odesa UA|Odessa UA|Dnipro UA|Donetsk UA|Zaporizhzhia UA|Lviv UA|Kherson UA|Mariupol UA|
Luhansk UA|Bakhmut UA|Abu Dhabi AE|Dubai AE|London GB|Birmingham GB|Manchester GB|Glasgow GB|Edinburgh GB|Leeds GB|
Liverpool GB|Bristol GB|Belfast GB|Cardiff GB|Washington US|New York US|New York City US|Los Angeles US|Chicago US|
Houston US|Phoenix US|Philadelphia US|San Antonio US|San Diego US|Dallas US|San Jose US|Austin US|Jacksonville US|
San Francisco US|Columbus US|Seattle US|Denver US|Boston US|Detroit US|Nashville US|Las Vegas US|Atlanta US|Miami US|
Baltimore US|Milwaukee US|Portland US|Montevideo UY|Tashkent UZ|Caracas VE|Maracaibo VE|Hanoi VN|Ho Chi Minh City VN|
Saigon VN|Haiphong VN|Sanaa YE|Aden YE|Lusaka ZM|Harare ZW|Bulawayo ZW|Kuwait KW|Gaza City PS|Ramallah PS|Crimea UA|
Sevastopol UA|Donbas UA|Kursk region RU|Siberia RU|Chechnya RU|Dagestan RU|Kashmir IN|Tibet CN|Xinjiang CN|Kurdistan IQ|
Bavaria DE|California US|Texas US|Florida US|Quebec CA|Ontario CA|Catalonia ES|Punjab PK|Sichuan CN"""

REGION_WORDS = {"Kursk region", "Siberia", "Chechnya", "Dagestan", "Kashmir", "Tibet", "Xinjiang", "Kurdistan", "Bavaria",
                "California", "Texas", "Florida", "Quebec", "Ontario", "Catalonia", "Punjab", "Sichuan", "Crimea", "Donbas"}

# demonym / adjective forms: country
DEMONYMS = """Afghan AF|Albanian AL|Algerian DZ|American US|Angolan AO|Argentine AR|Argentinian AR|Armenian AM|Australian AU|
Austrian AT|Azerbaijani AZ|Azeri AZ|Bahraini BH|Bangladeshi BD|Belarusian BY|Belgian BE|Beninese BJ|Bhutanese BT|
Bolivian BO|Bosnian BA|Botswanan BW|Brazilian BR|British GB|Briton GB|Bulgarian BG|Burkinabe BF|Burmese MM|Cambodian KH|
Cameroonian CM|Canadian CA|Chadian TD|Chilean CL|Chinese CN|Colombian CO|Congolese CD|Costa Rican CR|Croatian CR|Croat HR|
Cuban CU|Cypriot CY|Czech CZ|Danish DK|Dane DK|Dominican DO|Dutch NL|Ecuadorian EC|Egyptian EG|Emirati AE|English GB|
Eritrean ER|Estonian EE|Ethiopian ET|Fijian FJ|Filipino PH|Finnish FI|Finn FI|French FR|Gabonese GA|Georgian GE|German DE|
Ghanaian GH|Greek GR|Guatemalan GT|Guinean GN|Haitian HT|Honduran HN|Hungarian HU|Icelandic IS|Indian IN|Indonesian ID|
Iranian IR|Iraqi IQ|Irish IE|Israeli IL|Italian IT|Ivorian CI|Jamaican JM|Japanese JP|Jordanian JO|Kazakh KZ|Kenyan KE|
North Korean KP|South Korean KR|Kuwaiti KW|Kyrgyz KG|Lao LA|Laotian LA|Latvian LV|Lebanese LB|Liberian LR|
Libyan LY|Lithuanian LT|Luxembourgish LU|Malagasy MG|Malawian MW|Malaysian MY|Malian ML|Maltese MT|Mauritanian MR|
Mexican MX|Moldovan MD|Mongolian MN|Montenegrin ME|Moroccan MA|Mozambican MZ|Namibian NA|Nepali NP|Nepalese NP|
New Zealander NZ|Nicaraguan NI|Nigerien NE|Nigerian NG|Norwegian NO|Omani OM|Pakistani PK|Palestinian PS|Panamanian PA|
Paraguayan PY|Peruvian PE|Polish PL|Pole PL|Portuguese PT|Qatari QA|Romanian RO|Russian RU|Rwandan RW|Saudi SA|
Scottish GB|Scot GB|Senegalese SN|Serbian RS|Serb RS|Singaporean SG|Slovak SK|Slovenian SI|Somali SO|South African ZA|
South Sudanese SS|Spanish ES|Spaniard ES|Sri Lankan LK|Sudanese SD|Swedish SE|Swede SE|Swiss CH|Syrian SY|Taiwanese TW|
Tajik TJ|Tanzanian TZ|Thai TH|Togolese TG|Tunisian TN|Turkish TR|Turk TR|Turkmen TM|Ugandan UG|Ukrainian UA|Uruguayan UY|
Uzbek UZ|Venezuelan VE|Vietnamese VN|Welsh GB|Yemeni YE|Zambian ZM|Zimbabwean ZW|Kiwi NZ|Soviet RU|
Hong Konger HK|Macedonian MK|Kosovar XK|Bruneian BN|Cape Verdean CV|Gambian GM|Sierra Leonean SL|Burundian BI|Malawi MW|
Sri Lankans LK|Nepalis NP"""
DEMONYMS = DEMONYMS.replace("Croatian CR", "Croatian HR")

ORGANISATIONS = """United Nations|UN|U.N.|UN Security Council|Security Council=UN
North Atlantic Treaty Organization|NATO|Nato|North Atlantic Treaty Organisation=NATO
European Union|EU|E.U.=EU
European Commission=EC
European Central Bank|ECB=ECB
European Parliament=EP
International Monetary Fund|IMF=IMF
World Bank=WB
World Health Organization|World Health Organisation|WHO=WHO
World Trade Organization|World Trade Organisation|WTO=WTO
International Atomic Energy Agency|IAEA=IAEA
Organization of the Petroleum Exporting Countries|OPEC|Opec=OPEC
Association of Southeast Asian Nations|ASEAN|Asean=ASEAN
African Union|AU=AU
Arab League=LAS
Group of Seven|G7|G-7=G7
Group of Twenty|G20|G-20=G20
BRICS|Brics=BRICS
Organisation for Economic Co-operation and Development|OECD=OECD
Organization for Security and Co-operation in Europe|OSCE=OSCE
International Criminal Court|ICC=ICC
International Court of Justice|ICJ=ICJ
UNICEF|Unicef=UNICEF
UNESCO|Unesco=UNESCO
UNHCR|UN refugee agency=UNHCR
Red Cross|International Committee of the Red Cross|ICRC=ICRC
Interpol=INTERPOL
Commonwealth=COMMONWEALTH
Shanghai Cooperation Organisation|SCO=SCO
Council of Europe=COE
International Olympic Committee|IOC=IOC
FIFA|Fifa=FIFA
Amnesty International=AMNESTY
Human Rights Watch=HRW
Federal Reserve|Fed=FED
Bank of England=BOE
Pentagon=US-DOD
Kremlin=RU-KREMLIN
Gulf Cooperation Council|GCC=GCC
Mercosur=MERCOSUR"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", default="/usr/share/iso-codes/json/iso_3166-1.json")
    ap.add_argument("--out", default="Plugins/EnrichEntities/Resources/gazetteer.tsv")
    args = ap.parse_args()
    rows, seen = [], set()

    def add(name, link, kind, canonical):
        name = name.strip()
        if name and (name.lower(), kind) not in seen:
            seen.add((name.lower(), kind))
            rows.append((name, link, kind, canonical))

    countries = json.load(open(args.iso, encoding="utf-8"))["3166-1"]
    canonical_country = {}
    for c in countries:
        code = c["alpha_2"]
        names = [c.get("common_name"), c["name"]]
        names += COMMON_NAMES.get(code, [])
        best = COMMON_NAMES.get(code, [None])[0] or c.get("common_name") or re.sub(r",.*", "", c["name"])
        canonical_country[code] = best
        for n in names + [c.get("official_name")]:
            if n:
                add(n, code, "country", best)
                if "," in n:   # "Korea, Republic of" is looked for as written only
                    continue
    for code, extra in COMMON_NAMES.items():
        for n in extra:
            add(n, code, "country", canonical_country.get(code, extra[0]))
    for item in CITIES.replace("\n", "").split("|"):
        name, code = item.strip().rsplit(" ", 1)
        add(name, code, "region" if name in REGION_WORDS else "city", name)
    for item in DEMONYMS.replace("\n", "").split("|"):
        name, code = item.strip().rsplit(" ", 1)
        add(name, code, "demonym", canonical_country.get(code, code))
    # Names of either Korea: the link the document's other mentions of Korea favour, South Korea when they are even.
    for name, kind in (("Korea", "country"), ("Korean", "demonym")):
        add(name, "KR|KP", kind, "South Korea|North Korea")
    for line in ORGANISATIONS.splitlines():
        names, link = line.rsplit("=", 1)
        names = names.split("|")
        for n in names:
            add(n, link, "organisation", names[0])
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# name\tlink\ttype\tcanonical — made by scripts/build-gazetteer.py\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{args.out}: {len(rows)} names", flush=True)


if __name__ == "__main__":
    main()
