"""A curated starting point for the word lists and the organisations; officers extend both
in the admin. Phrases are matched at word starts after disguises are undone; a word without
"*" also matches its Swedish inflections (Snowball stem), "*" matches any ending."""

from django.db import migrations

RUDE = [
    # (phrase, weight)
    ("idiot", 1.0), ("idiotisk", 1.0), ("idiotiska", 1.0), ("pucko", 1.0), ("puckon", 1.0),
    ("dumhuvud*", 1.0), ("dum i huvudet", 1.0), ("efterbliven", 1.0), ("efterblivna", 1.0),
    ("mongo", 1.0), ("cp-skadad*", 1.0), ("jävla", 0.7), ("jävlar", 0.7), ("jävel", 0.7),
    ("javla", 0.7), ("fan", 0.4), ("helvete", 0.5), ("helvetes", 0.5), ("skit", 0.5),
    ("skitstövel*", 1.0), ("skithög*", 1.0), ("kuk", 1.0), ("kukhuvud*", 1.0), ("fitta", 1.0),
    ("fittstim*", 1.0), ("knulla", 1.0), ("hora", 1.0), ("horunge*", 1.0), ("slyna", 1.0),
    ("subba", 1.0), ("kärring", 0.8), ("fjant", 0.7), ("tönt", 0.7),
    ("kräk", 1.0), ("äckel", 0.8), ("äckliga", 0.6), ("dåre", 0.7),
    ("psykfall", 1.0), ("fetto", 1.0), ("håll käften", 1.0), ("håll truten", 1.0),
    ("dra åt helvete", 1.0), ("fuck*", 1.0), ("shit", 0.5), ("korkad", 0.6),
    ("korkade", 0.6), ("jubelidiot*", 1.0), ("skitsnack", 0.7), ("dumma i huvudet", 1.0),
]
HATE = [
    ("blatte", 2.0), ("svartskalle", 2.0), ("neger", 2.0), ("negrer", 2.0), ("zigenarjävl*", 2.0),
    ("bögjävl*", 2.0), ("jävla bögar", 2.0), ("jävla invandrare", 2.0), ("jävla muslimer", 2.0),
    ("jävla judar", 2.0), ("jävla zigenare", 2.0), ("jävla svartskallar", 2.0),
    ("invandrarjävl*", 2.0), ("muslimjävl*", 2.0), ("judesvin*", 2.0), ("ohyra", 1.5),
    ("kackerlackor", 1.5), ("untermensch*", 2.0), ("rasförrädare", 1.5), ("folkförrädare", 1.5),
    ("parasiter", 1.0), ("kulturberikare", 1.5), ("lyxflykting*", 1.5), ("mussling*", 2.0),
    ("halvapa", 2.0), ("skicka hem dem", 1.5),
    ("köttberg*", 1.5), ("transjävl*", 2.0), ("hbtq-jävl*", 2.0),
]
THREAT = [
    ("ska döda", 3.0), ("ska mörda", 3.0), ("kommer att döda", 3.0), ("kommer döda", 3.0),
    ("vet var du bor", 3.0), ("vet var ni bor", 3.0), ("vet var din familj bor", 3.0),
    ("ska skjuta ihjäl", 3.0), ("skjuta dig", 3.0), ("skjuta er", 3.0), ("döda dig", 3.0),
    ("döda er", 3.0), ("slå ihjäl", 3.0), ("hoppas du dör", 2.5), ("hoppas ni dör", 2.5),
    ("ska hitta dig", 2.5), ("du ska få se", 1.5),
    ("bränna ner ditt", 3.0), ("ska spränga", 3.0), ("ska dö", 2.5),
    ("hänga dig", 2.5), ("akta dig", 1.0), ("akta er", 1.0),
    ("tänder eld på ditt", 3.0), ("ställas mot väggen", 3.0), ("kula i huvudet", 3.0),
    ("dina dagar är räknade", 3.0), ("skall döda", 3.0), ("skall dö", 2.5),
]

AUTHORITIES = [
    "Försäkringskassan", "Skatteverket", "Migrationsverket", "Arbetsförmedlingen",
    "Polisen", "Polismyndigheten", "Kriminalvården", "CSN", "Transportstyrelsen",
    "Trafikverket", "Kronofogden", "Kronofogdemyndigheten", "Socialstyrelsen",
    "Inspektionen för vård och omsorg", "IVO", "Skolverket", "Skolinspektionen",
    "Diskrimineringsombudsmannen", "Justitieombudsmannen", "Justitiekanslern",
    "Barnombudsmannen", "Pensionsmyndigheten", "Länsstyrelsen", "Folkhälsomyndigheten",
    "Boverket", "Myndigheten för delaktighet", "Regeringskansliet", "Riksdagen",
    "Domstolsverket", "Åklagarmyndigheten", "Tullverket", "Lantmäteriet",
    "Statens institutionsstyrelse", "Konsumentverket", "E-hälsomyndigheten",
    "Integritetsskyddsmyndigheten", "IMY", "Arbetsmiljöverket", "Kammarkollegiet",
    "Institutet för mänskliga rättigheter", "Bolagsverket", "Sametinget", "Försvarsmakten",
    "Myndigheten för samhällsskydd och beredskap", "MSB", "Jämställdhetsmyndigheten",
    "Socialtjänsten", "Vårdguiden 1177",
]
COMPANIES = ["PostNord", "Telia", "Skånetrafiken", "Västtrafik", "Vattenfall", "Apoteket"]
REGIONS = [
    "Region Stockholm", "Region Uppsala", "Region Sörmland", "Region Östergötland",
    "Region Jönköpings län", "Region Kronoberg", "Region Kalmar län", "Region Gotland",
    "Region Blekinge", "Region Skåne", "Region Halland", "Västra Götalandsregionen",
    "Region Värmland", "Region Örebro län", "Region Västmanland", "Region Dalarna",
    "Region Gävleborg", "Region Västernorrland", "Region Jämtland Härjedalen",
    "Region Västerbotten", "Region Norrbotten",
]
MUNICIPALITIES = [
    "Stockholms stad", "Göteborgs stad", "Malmö stad", "Uppsala kommun", "Linköpings kommun",
    "Örebro kommun", "Västerås stad", "Helsingborgs stad", "Norrköpings kommun",
    "Jönköpings kommun", "Umeå kommun", "Lunds kommun", "Borås stad", "Sundsvalls kommun",
    "Gävle kommun", "Eskilstuna kommun", "Södertälje kommun", "Karlstads kommun",
    "Täby kommun", "Växjö kommun", "Halmstads kommun", "Luleå kommun", "Trollhättans stad",
    "Östersunds kommun", "Borlänge kommun", "Falu kommun", "Kalmar kommun", "Skövde kommun",
    "Kristianstads kommun", "Karlskrona kommun", "Skellefteå kommun", "Uddevalla kommun",
    "Lidingö stad", "Motala kommun", "Landskrona stad", "Nyköpings kommun", "Varbergs kommun",
    "Trelleborgs kommun", "Örnsköldsviks kommun", "Enköpings kommun", "Kungsbacka kommun",
    "Solna stad", "Sollentuna kommun", "Huddinge kommun", "Nacka kommun", "Botkyrka kommun",
    "Haninge kommun", "Järfälla kommun", "Tyresö kommun", "Upplands Väsby kommun",
    "Sigtuna kommun", "Norrtälje kommun", "Mölndals stad", "Partille kommun", "Lerums kommun",
    "Kungälvs kommun", "Alingsås kommun", "Piteå kommun", "Kiruna kommun", "Gällivare kommun",
    "Sandvikens kommun", "Hudiksvalls kommun", "Härnösands kommun", "Kramfors kommun",
    "Sollefteå kommun", "Lycksele kommun", "Vilhelmina kommun", "Storumans kommun",
    "Arvidsjaurs kommun", "Jokkmokks kommun", "Haparanda stad", "Kalix kommun",
    "Bodens kommun", "Mora kommun", "Ludvika kommun", "Avesta kommun", "Hedemora kommun",
    "Leksands kommun", "Rättviks kommun", "Arvika kommun", "Kristinehamns kommun",
    "Karlskoga kommun", "Lindesbergs kommun", "Köpings kommun", "Sala kommun",
    "Katrineholms kommun", "Strängnäs kommun", "Oxelösunds kommun", "Finspångs kommun",
    "Mjölby kommun", "Vadstena kommun", "Tranås kommun", "Värnamo kommun", "Nässjö kommun",
    "Vetlanda kommun", "Gislaveds kommun", "Ljungby kommun", "Älmhults kommun",
    "Oskarshamns kommun", "Västerviks kommun", "Vimmerby kommun", "Nybro kommun",
    "Ronneby kommun", "Karlshamns kommun", "Sölvesborgs kommun", "Hässleholms kommun",
    "Ystads kommun", "Eslövs kommun", "Höganäs kommun", "Ängelholms kommun", "Burlövs kommun",
    "Lomma kommun", "Vellinge kommun", "Staffanstorps kommun", "Falkenbergs kommun",
    "Laholms kommun", "Hylte kommun", "Vänersborgs kommun", "Lidköpings kommun",
    "Mariestads kommun", "Falköpings kommun", "Ulricehamns kommun", "Stenungsunds kommun",
    "Strömstads kommun", "Lysekils kommun", "Orust kommun", "Tjörns kommun", "Öckerö kommun",
    "Ale kommun", "Härryda kommun", "Bollnäs kommun", "Ovanåkers kommun",
    "Söderhamns kommun", "Ljusdals kommun", "Bräcke kommun", "Åre kommun", "Krokoms kommun",
    "Strömsunds kommun", "Härjedalens kommun", "Sundbybergs stad", "Danderyds kommun",
    "Vallentuna kommun", "Österåkers kommun", "Värmdö kommun", "Ekerö kommun",
    "Salems kommun", "Nynäshamns kommun", "Upplands-Bro kommun", "Vaxholms stad",
    "Håbo kommun", "Tierps kommun", "Östhammars kommun", "Älvkarleby kommun",
    "Knivsta kommun", "Heby kommun", "Gotlands kommun",
]


def seed(apps, schema_editor):
    ListedPhrase = apps.get_model("moderation", "ListedPhrase")
    Organisation = apps.get_model("moderation", "Organisation")
    ListedPhrase.objects.bulk_create(
        [ListedPhrase(phrase=p, kind=kind, weight=w)
         for kind, rows in (("rude", RUDE), ("hate", HATE), ("threat", THREAT))
         for p, w in rows],
        ignore_conflicts=True,
    )
    Organisation.objects.bulk_create(
        [Organisation(name=name, kind=kind)
         for kind, names in (("authority", AUTHORITIES), ("company", COMPANIES),
                             ("region", REGIONS), ("municipality", MUNICIPALITIES))
         for name in names],
        ignore_conflicts=True,
    )


def unseed(apps, schema_editor):
    ListedPhrase = apps.get_model("moderation", "ListedPhrase")
    Organisation = apps.get_model("moderation", "Organisation")
    for kind, rows in (("rude", RUDE), ("hate", HATE), ("threat", THREAT)):
        ListedPhrase.objects.filter(kind=kind, phrase__in=[p for p, _ in rows]).delete()
    Organisation.objects.filter(
        name__in=AUTHORITIES + COMPANIES + REGIONS + MUNICIPALITIES
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_spam_index")]

    operations = [migrations.RunPython(seed, unseed)]
