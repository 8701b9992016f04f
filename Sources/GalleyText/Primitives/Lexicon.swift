/// Word lists shared by the extractors, compiled once into key tables; scanners hold `shared` to skip lazy-global checks in hot loops.
final class Lexicon: Sendable {
    /// The one compiled instance.
    static let shared = Lexicon()

    /// Full and abbreviated month names to month numbers.
    let months = WordMap<Int>([
        ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6),
        ("july", 7), ("august", 8), ("september", 9), ("october", 10), ("november", 11), ("december", 12),
        ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8),
        ("sep", 9), ("sept", 9), ("oct", 10), ("nov", 11), ("dec", 12),
    ])

    /// Month names that are also common English words ("May", "March").
    let ambiguousMonths = WordSet(["may", "march", "mar"])

    /// Weekday names to ISO weekday numbers (Monday = 1).
    let weekdays = WordMap<Int>([
        ("monday", 1), ("tuesday", 2), ("wednesday", 3), ("thursday", 4), ("friday", 5), ("saturday", 6), ("sunday", 7),
    ])

    /// Words before a bare month that make it a date ("in May", "since March").
    let monthCues = WordSet([
        "in", "on", "since", "until", "till", "last", "next", "of", "early", "late", "mid", "mid-",
        "by", "during", "from", "through", "throughout", "before", "after", "this", "between", "and", "or", "to",
    ])

    /// Abbreviations that never end a sentence (titles before names).
    let titleAbbreviations = WordSet([
        "mr", "mrs", "ms", "dr", "st", "gen", "prof", "sen", "rep", "gov", "lt", "col", "capt", "sgt",
        "rev", "fr", "hon", "mt", "ft", "maj", "cmdr", "adm", "supt", "insp", "vs", "cf", "approx",
    ])

    /// Abbreviations that do not end a sentence before a number ("No. 10").
    let numberAbbreviations = WordSet(["no", "nos", "vol", "p", "pp", "art", "ch"])

    /// Abbreviations that end a sentence only before a capitalized word.
    let softAbbreviations = WordSet([
        "etc", "inc", "ltd", "co", "corp", "jr", "sr", "bros", "plc", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "est", "fig",
    ])

    /// Dotted abbreviations that never end a sentence.
    let innerDottedAbbreviations = WordSet(["e.g.", "i.e.", "c.f.", "viz."])

    /// Words that commonly start a sentence; they disambiguate a period after an abbreviation.
    let sentenceStarters = WordSet([
        "the", "a", "an", "it", "he", "she", "they", "we", "i", "you", "this", "that", "these", "those",
        "there", "but", "and", "or", "so", "in", "on", "at", "for", "as", "if", "when", "while", "after",
        "before", "his", "her", "their", "its", "our", "my", "however", "meanwhile", "yet", "some", "many",
        "most", "what", "why", "how", "who", "where", "no", "not", "all", "also", "then", "still", "last",
        "next", "both", "each", "such", "since", "although", "though", "because", "now", "one", "to",
    ])

    /// Verbs that introduce speech.
    let speechVerbs = WordSet([
        "said", "says", "say", "told", "tells", "added", "adds", "asked", "asks", "explained", "explains",
        "insisted", "insists", "continued", "continues", "wrote", "writes", "stated", "states", "warned",
        "warns", "claimed", "claims", "argued", "argues", "noted", "notes", "replied", "replies",
        "admitted", "admits", "declared", "declares", "announced", "announces", "acknowledged",
        "acknowledges", "recalled", "recalls", "commented", "comments", "observed", "observes",
        "suggested", "suggests", "predicted", "predicts", "stressed", "stresses", "concluded",
        "concludes", "confirmed", "confirms", "conceded", "concedes", "complained", "complains",
        "joked", "jokes", "tweeted", "tweets", "posted", "posts", "urged", "urges", "remarked", "remarks",
        "reported", "reports", "maintained", "maintains", "believes", "believed",
    ])

    /// Speech verbs whose subject may follow them (`…, said Name`); `told` and `warned` take an object instead.
    let invertibleSpeechVerbs = WordSet([
        "said", "says", "added", "adds", "explained", "explains", "insisted", "insists", "continued", "continues",
        "wrote", "writes", "stated", "states", "claimed", "claims", "argued", "argues", "noted", "notes", "replied",
        "replies", "admitted", "admits", "declared", "declares", "recalled", "recalls", "commented", "comments",
        "observed", "observes", "suggested", "suggests", "predicted", "predicts", "stressed", "stresses", "concluded",
        "concludes", "confirmed", "confirms", "conceded", "concedes", "complained", "complains", "joked", "jokes",
        "remarked", "remarks", "maintained", "maintains", "asked",
    ])

    /// Speech verbs that can introduce indirect speech ("said that …", "says …").
    let indirectSpeechVerbs = WordSet([
        "said", "says", "told", "tells", "added", "adds", "explained", "explains", "insisted", "insists",
        "stated", "states", "warned", "warns", "claimed", "claims", "argued", "argues", "noted", "notes",
        "admitted", "admits", "declared", "declares", "announced", "announces", "acknowledged",
        "acknowledges", "suggested", "suggests", "predicted", "predicts", "stressed", "stresses",
        "confirmed", "confirms", "conceded", "concedes", "maintained", "maintains", "believes", "believed",
    ])

    /// Third-person singular pronouns that can stand for a speaker.
    let personPronouns = WordSet(["he", "she"])

    /// Determiners that open a described person ("a Western diplomat").
    let personDeterminers = WordSet(["a", "an", "the", "one", "another", "his", "her", "their", "its", "our"])

    /// Nouns that make a noun phrase a person.
    let personNouns = WordSet([
        "diplomat", "official", "officials", "spokesman", "spokeswoman", "spokesperson", "minister", "analyst",
        "expert", "source", "resident", "witness", "officer", "soldier", "defector", "economist", "professor",
        "researcher", "fellow", "lawyer", "teacher", "doctor", "director", "executive", "chairman", "chairwoman",
        "chair", "president", "leader", "member", "worker", "student", "man", "woman", "father", "mother",
        "son", "daughter", "wife", "husband", "fan", "manager", "coach", "player", "representative", "adviser",
        "advisor", "aide", "commander", "general", "secretary", "chief", "boss", "founder", "author", "writer",
        "journalist", "reporter", "campaigner", "activist", "voter", "investor", "trader", "banker", "veteran",
        "captain", "striker", "midfielder", "defender", "goalkeeper", "referee", "singer", "actor", "actress",
        "director", "producer", "musician", "artist", "judge", "prosecutor", "mp", "mep", "senator", "governor",
        "mayor", "ambassador", "envoy", "negotiator", "colonel", "sergeant", "lieutenant", "major", "admiral",
        "priest", "bishop", "survivor", "victim", "relative", "neighbour", "neighbor", "friend", "colleague",
        "insider", "strategist", "consultant", "scientist", "engineer", "nurse", "pilot", "farmer", "owner",
        "ceo", "cfo", "head", "boy", "girl", "person", "customer", "shopper", "passenger", "commentator",
        "historian", "scholar", "academic", "lecturer", "observer", "critic", "monk", "citizen", "pensioner",
        "physician", "surgeon", "psychologist", "therapist", "partner", "candidate", "politician", "lawmaker",
        "legislator", "chancellor", "premier", "king", "queen", "prince", "princess", "emperor", "pope",
        "pundit", "holder", "champion", "star", "winner", "boxer", "athlete", "runner", "sprinter", "rider",
        "driver", "golfer", "batsman", "bowler", "forward", "winger", "full-back", "fly-half", "chef",
        "designer", "presenter", "host", "comedian", "novelist", "poet", "playwright", "composer", "rapper",
        "guitarist", "drummer", "dancer", "model", "filmmaker", "photographer", "editor", "correspondent",
        "columnist", "blogger", "entrepreneur", "tycoon", "billionaire", "millionaire", "shareholder",
        "chairperson", "economists", "analysts", "officials", "experts", "sources", "residents", "witnesses",
    ])

    /// Prepositions that put a capitalized name in an affiliation (`at Lehman Brothers`), not in a subject.
    let prepositions = WordSet(["of", "at", "for", "from", "with", "in", "on", "by", "to", "the", "a", "an"])

    /// Prepositions that attach an organisation to a titled name (`analyst Alex Potter at Lehman Brothers`).
    let affiliationPrepositions = WordSet(["of", "at", "for", "from", "with"])

    /// Whether a token names a weekday or a month.
    func weekdayOrMonth(_ token: Token) -> Bool { weekdays[token] != nil || months[token] != nil }

    /// Honorifics before a name; they make a lone surname a person.
    let honorifics = WordSet(["mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "mx"])

    /// Auxiliary and modal verbs; a noun phrase naming a speaker contains none (outside a relative clause).
    let auxiliaries = WordSet([
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "can", "could",
        "should", "may", "might", "must", "do", "does", "did", "shall", "refused", "declined", "also",
    ])

    /// Sentence adverbs and conjunctions that can precede a subject ("But", "However,", "Firstly,").
    let discourseWords = WordSet([
        "but", "and", "so", "yet", "however", "meanwhile", "now", "also", "still", "then", "instead", "indeed",
        "firstly", "secondly", "thirdly", "finally", "separately", "earlier", "later", "today", "yesterday",
        "moreover", "furthermore", "nevertheless", "nonetheless", "elsewhere", "previously", "recently", "or",
    ])

    /// Words that cannot open an apposition role after a name (`Name, adding …`).
    let nonRoleStarters = WordSet([
        "who", "whose", "whom", "which", "that", "adding", "saying", "as", "and", "but", "while", "when", "after", "before",
        "because", "although", "though", "if", "he", "she", "they", "it", "we", "i", "you", "explaining",
        "noting", "insisting", "arguing", "warning", "claiming", "telling", "asking", "according", "in", "on",
        "at", "for", "with", "to", "from", "by", "so", "then", "also", "speaking", "referring",
    ])

    /// Capitalized words that start a title before a name ("Defence Minister Kim").
    let titleWords = WordSet([
        "minister", "president", "secretary", "chancellor", "premier", "governor", "senator", "mayor",
        "ambassador", "general", "colonel", "captain", "chairman", "chairwoman", "chief", "director",
        "professor", "dr", "mr", "mrs", "ms", "judge", "king", "queen", "prince", "princess", "pope",
        "spokesman", "spokeswoman", "leader", "commander", "coach", "manager", "sir", "lord", "lady", "dame",
        "prime", "deputy", "foreign", "defence", "defense", "finance", "interior", "justice", "health",
        "vice", "executive", "officer", "boss", "founder", "admiral", "sergeant", "lieutenant", "treasurer", "exchequer",
        "mp", "mep", "msp", "mla", "am", "td", "ceo", "cfo", "coo", "cto", "chair", "head",
        "rapper", "singer", "actor", "actress", "striker", "midfielder", "defender", "goalkeeper", "skipper",
    ])

    /// Capitalized words that never belong to a person's name (function words, places, organisations).
    let nonNameWords = WordSet([
        "the", "a", "an", "it", "its", "he", "she", "they", "we", "i", "you", "this", "that", "these",
        "those", "there", "but", "and", "or", "so", "in", "on", "at", "for", "as", "if", "when", "while",
        "after", "before", "his", "her", "their", "our", "my", "however", "meanwhile", "yet", "some",
        "many", "most", "what", "why", "how", "who", "where", "no", "not", "all", "also", "then", "still",
        "last", "next", "both", "each", "such", "since", "although", "though", "because", "now", "one",
        "with", "from", "by", "of", "to", "into", "about", "over", "under", "according", "despite",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "today", "yesterday", "tomorrow", "government", "ministry", "department", "office", "council",
        "committee", "commission", "agency", "institute", "university", "college", "school", "party",
        "union", "association", "federation", "league", "club", "company", "corporation", "group", "bank",
        "fund", "foundation", "trust", "society", "service", "services", "police", "army", "navy", "force",
        "forces", "court", "parliament", "congress", "senate", "assembly", "house", "office", "board",
        "authority", "organisation", "organization", "inc", "ltd", "plc", "corp", "co", "news", "times",
        "post", "bbc", "reuters", "cnn", "afp", "ap", "agency", "korea", "russia", "china", "ukraine",
        "america", "britain", "england", "scotland", "wales", "ireland", "france", "germany", "japan",
        "india", "iran", "iraq", "israel", "syria", "europe", "africa", "asia", "kingdom", "states",
        "united", "north", "south", "east", "west", "korean", "russian", "chinese", "ukrainian", "american",
        "british", "european", "french", "german", "japanese", "western", "eastern", "internet", "web",
        "moscow", "beijing", "pyongyang", "seoul", "kyiv", "kiev", "berlin",
        "tokyo", "brussels", "whitehall", "downing", "street", "kremlin", "pentagon", "nato", "un", "eu",
        "us", "uk", "usa", "microsoft", "google", "apple", "amazon", "facebook", "warner", "sony", "nintendo",
        "yahoo", "ibm", "intel", "nasa", "fifa", "uefa", "premiership", "league", "cup", "city", "county",
        "republic", "region", "state", "province", "island", "islands", "airlines", "airways", "motors",
        "holdings", "industries", "systems", "technologies", "media", "records", "studios", "pictures",
        "entertainment", "network", "networks", "labour", "conservative", "conservatives", "tory", "tories",
        "democrat", "democrats", "republican", "republicans", "liberal", "liberals", "securities", "communications",
        "report", "watch", "capital", "partners", "gold", "mining", "miner", "oil", "gas", "energy", "telecom",
        "financial", "insurance", "investments", "research", "consulting", "consultants", "associates", "markets",
        "trading", "global", "international", "world", "business", "sports", "bank", "yes", "oh", "well", "please",
        "thanks", "sorry", "angels", "exchange", "index", "reserve", "treasury", "fc", "united", "rovers", "athletic",
    ])

    /// Words after a person's name that show it is not a speaker (possessives are handled by the tokenizer).
    let speakerPronounsToSkip = WordSet(["it", "they", "we", "i", "you", "this", "that", "there"])

    /// Scale words and their multipliers as powers of ten.
    let scales = WordMap<Int>([
        ("thousand", 3), ("million", 6), ("billion", 9), ("trillion", 12),
        ("thousands", 3), ("millions", 6), ("billions", 9),
        ("bn", 9), ("tn", 12), ("mn", 6), ("mln", 6), ("bln", 9),
    ])

    /// Short scale suffixes that count only when attached to money (`$34m`, `£5k`).
    let moneyScaleSuffixes = WordMap<Int>([("m", 6), ("k", 3), ("b", 9), ("bn", 9), ("tn", 12), ("mn", 6)])

    /// Currency names written after a number, by family: the nouns, the code the bare noun means (empty when it is money
    /// of no one country, as `dinars`; nil when the bare word is not money, as `marks`), whether it is a hundredth
    /// (`cents`, `pence`), and the nationality words that name the currency.
    static let currencyFamilies: [(nouns: [String], code: String?, subunit: Bool, nations: [(String, String)])] = [
        (["dollar", "dollars"], "USD", false, [
            ("us", "USD"), ("u.s.", "USD"), ("american", "USD"), ("united states", "USD"), ("australian", "AUD"), ("aussie", "AUD"),
            ("canadian", "CAD"), ("hong kong", "HKD"), ("hk", "HKD"), ("new zealand", "NZD"), ("nz", "NZD"), ("singapore", "SGD"),
            ("singaporean", "SGD"), ("taiwan", "TWD"), ("new taiwan", "TWD"), ("taiwanese", "TWD"), ("zimbabwe", "ZWL"),
            ("zimbabwean", "ZWL"), ("jamaican", "JMD"), ("namibian", "NAD"), ("fijian", "FJD"), ("bahamian", "BSD"),
            ("barbadian", "BBD"), ("liberian", "LRD"), ("brunei", "BND"), ("east caribbean", "XCD"), ("trinidad and tobago", "TTD"),
        ]),
        (["cent", "cents"], "USD", true, [
            ("us", "USD"), ("u.s.", "USD"), ("euro", "EUR"), ("australian", "AUD"), ("canadian", "CAD"), ("hong kong", "HKD"),
            ("new zealand", "NZD"), ("singapore", "SGD"),
        ]),
        (["pence", "penny", "pennies"], "GBP", true, []),
        (["pound", "pounds"], "GBP", false, [
            ("british", "GBP"), ("egyptian", "EGP"), ("lebanese", "LBP"), ("syrian", "SYP"), ("sudanese", "SDG"), ("irish", "IEP"),
            ("cypriot", "CYP"),
        ]),
        (["sterling"], "GBP", false, []),
        (["euro", "euros"], "EUR", false, []),
        (["yen"], "JPY", false, [("japanese", "JPY")]),
        (["yuan", "renminbi"], "CNY", false, [("chinese", "CNY")]),
        (["rupee", "rupees"], "INR", false, [
            ("indian", "INR"), ("pakistani", "PKR"), ("pakistan", "PKR"), ("sri lankan", "LKR"), ("sri lanka", "LKR"),
            ("nepalese", "NPR"), ("nepali", "NPR"), ("mauritian", "MUR"),
        ]),
        (["franc", "francs"], "CHF", false, [
            ("swiss", "CHF"), ("french", "FRF"), ("belgian", "BEF"), ("luxembourg", "LUF"), ("cfa", "XOF"), ("congolese", "CDF"),
            ("rwandan", "RWF"), ("guinean", "GNF"),
        ]),
        (["peso", "pesos"], "MXN", false, [
            ("mexican", "MXN"), ("argentine", "ARS"), ("argentinian", "ARS"), ("argentinean", "ARS"), ("chilean", "CLP"),
            ("colombian", "COP"), ("philippine", "PHP"), ("cuban", "CUP"), ("uruguayan", "UYU"), ("dominican", "DOP"),
        ]),
        (["dinar", "dinars"], "", false, [
            ("kuwaiti", "KWD"), ("iraqi", "IQD"), ("jordanian", "JOD"), ("bahraini", "BHD"), ("libyan", "LYD"), ("tunisian", "TND"),
            ("algerian", "DZD"), ("serbian", "RSD"),
        ]),
        (["riyal", "riyals"], "SAR", false, [("saudi", "SAR"), ("qatari", "QAR"), ("yemeni", "YER")]),
        (["rial", "rials"], "IRR", false, [("iranian", "IRR"), ("omani", "OMR")]),
        (["dirham", "dirhams"], "AED", false, [("uae", "AED"), ("emirati", "AED"), ("moroccan", "MAD")]),
        (["shilling", "shillings"], "", false, [("kenyan", "KES"), ("ugandan", "UGX"), ("tanzanian", "TZS"), ("somali", "SOS")]),
        (["krona", "kronor", "kronur"], "SEK", false, [("swedish", "SEK"), ("icelandic", "ISK")]),
        (["krone", "kroner"], "NOK", false, [("danish", "DKK"), ("norwegian", "NOK")]),
        (["crown", "crowns"], nil, false, [
            ("czech", "CZK"), ("slovak", "SKK"), ("swedish", "SEK"), ("danish", "DKK"), ("norwegian", "NOK"),
        ]),
        (["won"], "KRW", false, [("south korean", "KRW"), ("korean", "KRW"), ("north korean", "KPW")]),
        (["rand"], "ZAR", false, [("south african", "ZAR")]),
        (["reais"], "BRL", false, []),
        (["real", "reals"], nil, false, [("brazilian", "BRL")]),
        (["rouble", "roubles", "ruble", "rubles"], "RUB", false, [("russian", "RUB"), ("belarusian", "BYN"), ("belarussian", "BYN")]),
        (["lira", "liras"], "TRY", false, [("turkish", "TRY"), ("italian", "ITL")]),
        (["lire"], "ITL", false, [("italian", "ITL")]),
        (["mark", "marks"], nil, false, [("german", "DEM"), ("deutsche", "DEM")]),
        (["deutschmark", "deutschmarks", "deutsche marks", "d-marks"], "DEM", false, []),
        (["shekel", "shekels", "sheqel", "sheqels"], "ILS", false, [("israeli", "ILS"), ("new israeli", "ILS")]),
        (["zloty", "zlotys", "zlotych"], "PLN", false, [("polish", "PLN")]),
        (["forint", "forints"], "HUF", false, [("hungarian", "HUF")]),
        (["koruna", "korunas", "koruny"], "CZK", false, [("czech", "CZK"), ("slovak", "SKK")]),
        (["ringgit", "ringgits"], "MYR", false, [("malaysian", "MYR")]),
        (["baht"], "THB", false, [("thai", "THB")]),
        (["rupiah", "rupiahs"], "IDR", false, [("indonesian", "IDR")]),
        (["dong"], "VND", false, [("vietnamese", "VND")]),
        (["naira"], "NGN", false, [("nigerian", "NGN")]),
        (["cedi", "cedis"], "GHS", false, [("ghanaian", "GHS")]),
        (["hryvnia", "hryvnias", "hryvnas"], "UAH", false, [("ukrainian", "UAH")]),
        (["tenge"], "KZT", false, [("kazakh", "KZT")]),
        (["peseta", "pesetas"], "ESP", false, [("spanish", "ESP")]),
        (["escudo", "escudos"], "PTE", false, [("portuguese", "PTE")]),
        (["drachma", "drachmas", "drachmae"], "GRD", false, [("greek", "GRD")]),
        (["guilder", "guilders"], "NLG", false, [("dutch", "NLG")]),
        (["schilling", "schillings"], "ATS", false, [("austrian", "ATS")]),
        (["markka", "markkaa"], "FIM", false, [("finnish", "FIM")]),
        (["punt", "punts"], nil, false, [("irish", "IEP")]),
        (["lev", "leva"], "BGN", false, [("bulgarian", "BGN")]),
        (["leu", "lei"], "RON", false, [("romanian", "RON"), ("moldovan", "MDL")]),
        (["kuna"], "HRK", false, [("croatian", "HRK")]),
        (["ecu", "ecus"], "XEU", false, []),
        (["usd"], "USD", false, []), (["eur"], "EUR", false, []), (["gbp"], "GBP", false, []), (["jpy"], "JPY", false, []),
        (["cny"], "CNY", false, []), (["chf"], "CHF", false, []), (["inr"], "INR", false, []), (["rub"], "RUB", false, []),
        (["krw"], "KRW", false, []), (["aud"], "AUD", false, []), (["cad"], "CAD", false, []), (["hkd"], "HKD", false, []),
        (["nzd"], "NZD", false, []), (["sgd"], "SGD", false, []), (["sek"], "SEK", false, []), (["nok"], "NOK", false, []),
        (["dkk"], "DKK", false, []),
    ]

    /// Single currency words after a number that name one currency, to ISO 4217 codes (`dollars` → USD).
    let currencyWords = WordMap<String>(Lexicon.currencyFamilies.flatMap { family -> [(String, String)] in
        guard let code = family.code, !code.isEmpty, !family.subunit else { return [] }
        return family.nouns.filter { !$0.contains(" ") }.map { ($0, code) }
    })

    /// ISO codes written before a number ("USD 5m").
    let currencyCodes = WordMap<String>([
        ("usd", "USD"), ("eur", "EUR"), ("gbp", "GBP"), ("jpy", "JPY"), ("cny", "CNY"), ("chf", "CHF"),
        ("inr", "INR"), ("rub", "RUB"), ("krw", "KRW"), ("aud", "AUD"), ("cad", "CAD"), ("hkd", "HKD"),
        ("rmb", "CNY"), ("nzd", "NZD"), ("sgd", "SGD"),
    ])

    /// Letters written right before `$` to name the dollar ("US$", "A$", "HK$").
    let dollarPrefixes = WordMap<String>([
        ("us", "USD"), ("a", "AUD"), ("au", "AUD"), ("c", "CAD"), ("ca", "CAD"), ("can", "CAD"), ("hk", "HKD"),
        ("nz", "NZD"), ("s", "SGD"), ("nt", "TWD"), ("r", "BRL"), ("mx", "MXN"), ("z", "ZWL"),
    ])

    /// Time units to their singular names.
    let durationUnits = WordMap<String>([
        ("second", "second"), ("seconds", "second"), ("minute", "minute"), ("minutes", "minute"),
        ("hour", "hour"), ("hours", "hour"), ("hr", "hour"), ("hrs", "hour"), ("day", "day"), ("days", "day"),
        ("week", "week"), ("weeks", "week"), ("month", "month"), ("months", "month"), ("year", "year"),
        ("years", "year"), ("decade", "decade"), ("decades", "decade"), ("century", "century"),
        ("centuries", "century"), ("fortnight", "fortnight"), ("fortnights", "fortnight"),
    ])

    /// Units of measure to their singular names.
    let measureUnits = WordMap<String>([
        ("km", "km"), ("kilometre", "km"), ("kilometres", "km"), ("kilometer", "km"), ("kilometers", "km"),
        ("mile", "mile"), ("miles", "mile"), ("metre", "m"), ("metres", "m"), ("meter", "m"), ("meters", "m"),
        ("kg", "kg"), ("kilogram", "kg"), ("kilograms", "kg"), ("kilo", "kg"), ("kilos", "kg"),
        ("tonne", "tonne"), ("tonnes", "tonne"), ("ton", "ton"), ("tons", "ton"), ("litre", "litre"),
        ("litres", "litre"), ("liter", "litre"), ("liters", "litre"), ("barrel", "barrel"), ("barrels", "barrel"),
        ("acre", "acre"), ("acres", "acre"), ("hectare", "hectare"), ("hectares", "hectare"),
        ("mph", "mph"), ("kph", "km/h"), ("gb", "GB"), ("mb", "MB"), ("tb", "TB"), ("ghz", "GHz"), ("mhz", "MHz"),
    ])

    /// Number words to values.
    let numberWords = WordMap<Int>([
        ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7),
        ("eight", 8), ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12), ("thirteen", 13),
        ("fourteen", 14), ("fifteen", 15), ("sixteen", 16), ("seventeen", 17), ("eighteen", 18),
        ("nineteen", 19), ("twenty", 20), ("thirty", 30), ("forty", 40), ("fifty", 50), ("sixty", 60),
        ("seventy", 70), ("eighty", 80), ("ninety", 90), ("hundred", 100), ("dozen", 12), ("a", 1), ("an", 1),
    ])

    /// Function words that are never the counted noun after a number.
    let nonUnitWords = WordSet([
        "of", "and", "or", "the", "a", "an", "to", "in", "on", "at", "for", "by", "from", "with", "as",
        "is", "are", "was", "were", "be", "been", "has", "have", "had", "that", "which", "who", "than",
        "per", "more", "less", "it", "its", "this", "these", "those", "but", "so", "if", "into", "over",
        "under", "up", "down", "out", "about", "after", "before", "since", "while", "will", "would",
        "could", "should", "can", "may", "might", "must", "not", "no", "also", "only", "just", "each",
        "year-on-year", "year-earlier", "respectively", "compared", "against", "between", "among",
        "st", "nd", "rd", "th",
    ])

    /// Qualifiers written before a quantity, longest first.
    static let qualifiers: [[String]] = [
        ["as", "many", "as"], ["as", "much", "as"], ["as", "few", "as"], ["as", "little", "as"],
        ["more", "than"], ["less", "than"], ["fewer", "than"], ["up", "to"], ["at", "least"], ["at", "most"],
        ["no", "more", "than"], ["close", "to"], ["an", "estimated"], ["in", "excess", "of"],
        ["about"], ["around"], ["nearly"], ["almost"], ["over"], ["under"], ["approximately"], ["roughly"],
        ["some"], ["approx"], ["circa"], ["almost"], ["estimated"], ["just"], ["only"], ["below"], ["above"],
        ["exactly"], ["barely"],
    ]
}
