import GalleyCore
import Testing

/// Short texts written for these tests, one per language and script.
let languageSamples: [(String, String)] = [
    ("en", "The government said on Tuesday that the new bridge would open to traffic next spring."),
    ("de", "Die Regierung teilte am Dienstag mit, dass die neue Brücke im nächsten Frühjahr für den Verkehr geöffnet wird."),
    ("fr", "Le gouvernement a annoncé mardi que le nouveau pont sera ouvert à la circulation au printemps prochain."),
    ("es", "El gobierno anunció el martes que el nuevo puente se abrirá al tráfico la próxima primavera."),
    ("it", "Il governo ha annunciato martedì che il nuovo ponte sarà aperto al traffico la prossima primavera."),
    ("pt", "O governo anunciou na terça-feira que a nova ponte será aberta ao trânsito na próxima primavera."),
    ("nl", "De regering heeft dinsdag bekendgemaakt dat de nieuwe brug volgend voorjaar voor het verkeer opengaat."),
    ("pl", "Rząd poinformował we wtorek, że nowy most zostanie otwarty dla ruchu wiosną przyszłego roku."),
    ("ru", "Правительство во вторник сообщило, что новый мост откроют для движения следующей весной."),
    ("uk", "Уряд у вівторок повідомив, що новий міст відкриють для руху наступної весни."),
    ("el", "Η κυβέρνηση ανακοίνωσε την Τρίτη ότι η νέα γέφυρα θα ανοίξει για την κυκλοφορία την επόμενη άνοιξη."),
    ("ar", "أعلنت الحكومة يوم الثلاثاء أن الجسر الجديد سيفتح أمام حركة المرور في الربيع المقبل."),
    ("he", "הממשלה הודיעה ביום שלישי כי הגשר החדש ייפתח לתנועה באביב הבא."),
    ("hi", "सरकार ने मंगलवार को कहा कि नया पुल अगले वसंत में यातायात के लिए खोल दिया जाएगा।"),
    ("th", "รัฐบาลประกาศเมื่อวันอังคารว่าสะพานใหม่จะเปิดให้รถสัญจรในฤดูใบไม้ผลิหน้า"),
    ("ko", "정부는 화요일에 새 다리가 내년 봄에 개통될 것이라고 밝혔다."),
    ("ja", "政府は火曜日、新しい橋が来年の春に開通すると発表した。"),
    ("zh", "政府星期二宣布，新桥将于明年春天通车。"),
]

@Test func languageOfShortTextsInTenScripts() throws {
    for (code, text) in languageSamples {
        let d = try run(["enrich.language"], on: document(text))
        #expect(d.fields["language"] == .string(code), "\(code): \(text)")
        #expect((d.fields["language_confidence"]?.doubleValue ?? 0) > 0.5, "\(code)")
    }
}

@Test func statedLanguageKeptUnlessTextClearlyDisagrees() throws {
    let english = "The government said on Tuesday that the new bridge would open to traffic next spring, after years of delays."
    let kept = try run(["enrich.language"], on: document(english, fields: ["language": "en-GB"]))
    #expect(kept.fields["language"] == "en")
    #expect(kept.fields["language_stated"] == "en-GB")
    #expect(kept.fields["language_detected"] == "en")
    // A page that says German but is written in English: the text wins, both are recorded.
    let overruled = try run(["enrich.language"], on: document(english, fields: ["language": "de"]))
    #expect(overruled.fields["language"] == "en")
    #expect(overruled.fields["language_stated"] == "de")
    #expect(overruled.fields["language_detected"] == "en")
    // Too little text to overrule: the stated language stays.
    let short = try run(["enrich.language"], on: document("OK, thanks", fields: ["language": "de"]))
    #expect(short.fields["language"] == "de")
}

@Test func perParagraphLanguages() throws {
    let text = languageSamples[0].1 + "\n\n" + languageSamples[1].1 + "\n\n" + languageSamples[2].1
    let d = try run(["enrich.language"], on: document(text), ["enrich.language": ["per_paragraph": true]])
    let paragraphs = d.annotations("language")
    #expect(paragraphs.map { $0.attributes["language"]?.stringValue ?? "" } == ["en", "de", "fr"])
    #expect(paragraphs.map(\.start) == [0, 87, 199])
    #expect(d.fields["languages"]?.arrayValue?.count == 3)
}

@Test func noLanguageForTextWithoutLetters() throws {
    let d = try run(["enrich.language"], on: document("12,345 — 67.8% (2024)"))
    #expect(d.fields["language"] == nil)
}

@Test func restrictedLanguagesAndUnknownCodes() throws {
    let d = try run(["enrich.language"], on: document(languageSamples[1].1), ["enrich.language": ["languages": ["en", "fr"]]])
    #expect(d.fields["language"] != "de")
    #expect(throws: StageFailure.self) { try stage("enrich.language", ["languages": ["xx"]]) }
}
