"""How each data source spells parties: spelling -> canonical id tables.

Pure tables; the rules that use them (and why some spellings are scoped to a state or to one
election) are in :mod:`sim.data.parties`. Values are canonical ids of
:data:`sim.data.party_names.PARTY_NAMES`; ``None`` in :data:`ELECTION_OVERRIDES` means "in this
election the spelling is *not* that party" (it keeps a derived id).

Evidence for each non-obvious entry is the candidates who stood under the spelling (e.g. TCPD's
``BLSP`` in Bihar 2015 is Upendra Kushwaha's RLSP, two seats; ``HAMS`` is Jitan Ram Manjhi's
HAM; ``VSIP`` is Mukesh Sahani's VIP; ``RSSCMJP`` in West Bengal 2021 is Abbas Siddiqui's
ISF, which stood under the registration of the Rashtriya Secular Majlis Party).
"""

from __future__ import annotations

__all__ = [
    "ABBREVIATIONS",
    "ECI",
    "ECI_UPPER_EXTRA",
    "ELECTIONLENS_EXTRA",
    "ELECTION_OVERRIDES",
    "STATE_SCOPED",
]

ABBREVIATIONS: dict[str, str] = {
    # national parties and the Left
    "BJP": "BJP",
    "INC": "INC",
    "BSP": "BSP",
    "NCP": "NCP",
    "AITC": "AITC",
    "NPEP": "NPP",  # National People's Party (TCPD's abbreviation from 2013 on)
    "NPP": "NPP",  # the same party in Manipur 2012 and Meghalaya 2013
    "CPM": "CPM",
    # NB: "CPIM" is not here: in most TCPD files it is a minor outfit (see ELECTION_OVERRIDES)
    "CPI": "CPI",
    "CPI(ML)(L)": "CPIML",
    "CPI(M (L)L)": "CPIML",  # typo in Jharkhand 2014 (Rajdhanwar, Vinod Kumar Singh)
    "RSP": "RSP",
    "AIFB": "AIFB",
    "SUCI": "SUCI",
    "MCO": "MCO",
    # multi-state small parties
    "RPI": "RPI",
    "RPI(A)": "RPIA",
    "SDPI": "SDPI",
    "WPOI": "WPOI",
    "BMUP": "BMUP",
    "APoI": "APOI",
    "PPOI": "PPOI",
    "LSP": "LSP",
    "SP(I)": "SPI",
    "INL": "INL",
    "LJD": "LJD",
    "AAAP": "AAP",
    # West Bengal
    "GOJAM": "GJM",
    "PDS": "PDS",
    "AMB": "AMB",
    "KPPU": "KPPU",
    "DSP(P)": "DSPP",
    # Uttar Pradesh and Uttarakhand
    "SP": "SP",
    "RLD": "RLD",
    "AD": "AD",  # Apna Dal before its 2016 split
    "ADAL": "ADS",  # Apna Dal (Soneylal), Anupriya Patel's successor faction
    "SBSP": "SBSP",
    "NINSHAD": "NISHAD",
    "PECP": "PECP",
    "QED": "QED",
    "JaKP": "JAKP",
    "MD": "MD",
    "RLM": "RLM",
    "IEMC": "IEMC",
    "RSBP": "RSBP",
    "JDL": "JDL",
    "PSPL": "PSPL",
    "RPD": "RPD",
    "UKKD": "UKD",
    "UKDP": "UKDP",
    "UtRM": "UTRM",
    "UJP": "UJP",
    # Bihar and Jharkhand
    "JD(U)": "JDU",
    "RJD": "RJD",
    "LJP": "LJP",
    "RLSP": "RLSP",
    "HAMS": "HAM",
    "VSIP": "VIP",
    "JAPL": "JAPL",
    "LTSD": "LTSD",
    "JMM": "JMM",
    "JVM": "JVM",
    "AJSUP": "AJSU",
    "JBSP": "JBSP",
    "JHJAM": "JHJAM",
    "NSAM": "NSAM",
    "RAKAP": "RAKAP",
    # Haryana, Himachal, Rajasthan, centre, Gujarat
    "INLD": "INLD",
    "JNJP": "JJP",
    "HJCBL": "HJC",
    "HJCPV": "HJCPV",
    "HALP": "HALP",
    "HaLP": "HALP",
    "LTSP": "LTSP",
    "RaLtP": "RLTP",
    "RLTP": "RLTP",
    "NUZP": "NUZP",
    "nuzp": "NUZP",  # ElectionLens, Rajasthan 2014
    "LSWP": "LSWP",
    "BTP": "BTP",
    "GGP": "GGP",
    "GMS": "GMS",
    "BJSH": "BJSH",
    "BA S D": "BASD",
    "RSMD": "RSMD",
    "JCC(J)": "JCCJ",
    "CSM": "CSM",
    "GPP": "GPP",
    "MJP": "MJP",
    # Punjab
    "SAD": "SAD",
    "SAD(M)": "SADM",
    "LIP": "LIP",
    "PUNEKP": "PEP",
    "NAWPP": "NWPP",
    "PPOP": "PPOP",
    "LBP": "LBP",
    # Maharashtra and Goa
    "SHS": "SHS",
    "MNS": "MNS",
    "VBA": "VBA",
    "BBM": "BBM",
    "SWP": "SWP",
    "PWPI": "PWPI",
    "BVA": "BVA",
    "RSPS": "RSPS",
    "JSS": "JSS",
    "LKSGM": "LKSGM",
    "PHJSP": "PHJSP",
    "KTSTP": "KTSTP",
    "MSHP": "MSHP",
    "STBP": "STBP",
    "MAG": "MGP",
    "GFP": "GFP",
    "GVP": "GVP",
    "GSM": "GSM",
    "GSRP": "GSRP",
    "UGP": "UGP",
    "UGDP": "UGDP",
    # Tamil Nadu and Puducherry
    "DMK": "DMK",
    "ADMK": "ADMK",
    "AIADMK": "ADMK",
    "AMMK": "AMMK",
    "PMK": "PMK",
    "DMDK": "DMDK",
    "MDMK": "MDMK",
    "VCK": "VCK",
    "NTK": "NTK",
    "MNM": "MNM",
    "KMDK": "KMDK",
    "KNMK": "KNMK",
    "MAMAK": "MMK",
    "PT": "PT",
    "TMC(M)": "TMCM",
    "IJK": "IJK",
    "AINRC": "AINRC",
    # Andhra Pradesh and Telangana
    "YSRCP": "YSRCP",
    "TDP": "TDP",
    "TRS": "TRS",
    "BRS": "TRS",  # the 2022 renaming of TRS (not in the shipped files)
    "JnP": "JSP",
    "PRAP": "PRAP",
    "JASPA": "JASPA",
    "JaSPa": "JASPA",  # ElectionLens 2014
    "NPT": "NPT",
    "BJLP": "BLP",
    "SWFB": "SWFB",
    "TJS": "TJS",
    "AIMIM": "AIMIM",
    # Karnataka
    "JD(S)": "JDS",
    "KJP": "KJP",
    "BSRCP": "BSRCP",
    "KPJP": "KPJP",
    "KMP": "KMP",
    "SKP": "SKP",
    # Kerala
    "IUML": "IUML",
    "KEC(M)": "KCM",
    "KEC": "KEC",
    "KEC(B)": "KECB",
    "KEC(J)": "KECJ",
    "KC(AMG)": "KCAMG",
    "Janadhipathiya Kerala Congress": "JKC",
    "SJD": "SJD",
    "BDJS": "BDJS",
    "C(S)": "CS",
    "CMPKSC": "CMP",
    "NSC": "NSC",
    "KRSP": "KRSP",
    "RMPOI": "RMPOI",
    "JPSS": "JPSS",
    "Twenty 20 Party": "T20",
    # Odisha
    "BJD": "BJD",
    "AOP": "AOP",
    "SAMO": "SAMO",
    "SKD": "SKD",
    # Assam and the North-East
    "AGP": "AGP",
    "AIUDF": "AIUDF",
    "AUDF": "AIUDF",  # Assam United Democratic Front, the AIUDF's earlier name (2009)
    "BOPF": "BPF",
    "UPPL": "UPPL",
    "ASDC": "ASDC",
    "NPF": "NPF",
    "NDPP": "NDPP",
    "UDP": "UDP",
    "HSPDP": "HSPDP",
    "KHNAM": "KHNAM",
    "GNC": "GNC",
    "NESDP": "NESDP",
    "PPA": "PPA",
    "IPFT": "IPFT",
    "INPT": "INPT",
    "MNF": "MNF",
    "ZNP": "ZNP",
    "MPC": "MPC",
    "MDF": "MDF",
    "PRISMP": "PRISM",
    "NEINDP": "NEIDP",
    "MSCP": "MSCP",
    "MNDF": "MNDF",
    "SKM": "SKM",
    "SDF": "SDF",
    "HMSKP": "HMSKP",
    "SHRP": "SHRP",
    "SGPP": "SGPP",
    "SJEP": "SJEP",
    # Jammu & Kashmir
    "JKN": "JKNC",
    "JKPDP": "JKPDP",
    "JKNPP": "JKNPP",
    "JKPDF": "JKPDF",
    "JKANC": "JKANC",
    "JKDPN": "JKDPN",
    "DSSP": "DSSP",
    # not parties
    "IND": "IND",
    "INDEPENDENT": "IND",  # Meghalaya 2018, Williamnagar (polled later, other layout)
    "NOTA": "NOTA",
}
"""TCPD / ElectionLens abbreviation -> canonical id, for spellings that mean the same party
in every state and year of the shipped files. Both the assembly files (TCPD) and the segment
files (ElectionLens, which takes TCPD's abbreviations) use this table."""

ELECTIONLENS_EXTRA: dict[str, str] = {
    "CPIM": "CPM",  # ElectionLens' spelling of CPI(M) in 2019 (see ELECTION_OVERRIDES)
    "SUCI(C)": "SUCI",
}
"""Spellings that only the ElectionLens segment files use."""

STATE_SCOPED: dict[tuple[str, str], str] = {
    ("Jammu & Kashmir", "PDF"): "JKPDF",  # Hakeem Mohammad Yasin's Peoples Democratic Front
    ("Meghalaya", "PDF"): "PDF",  # People's Democratic Front (Meghalaya)
    ("Himachal Pradesh", "HLP"): "HLP",
    ("Kerala", "MUL"): "IUML",  # Muslim League Kerala State Committee = the IUML in Kerala
    ("Bihar", "BLSP"): "RLSP",
    ("West Bengal", "RSSCMJP"): "ISF",
    ("Manipur", "MPP"): "MPP",
    ("Manipur", "PDA"): "PDA",
    ("Assam", "AJP"): "AJP",
    ("Assam", "RWS"): "RWS",
    ("Jammu & Kashmir", "JPC"): "JKPC",
    ("Jharkhand", "JKP"): "JHP",
    ("Odisha", "JKP"): "JHP",
    ("Jharkhand", "JHJM"): "JHJM",
    ("Arunachal Pradesh", "AC"): "AC",
    ("Arunachal Pradesh", "LB"): "LB",
    ("Meghalaya", "MDP"): "MDP",
    ("Meghalaya", "ACNC"): "ACNC",
    ("Kerala", "PDP"): "PDP",
}
"""(state, abbreviation) -> canonical id for abbreviations that name different parties in
different states (``PDF``, ``MPP``, ``JKP`` ...) or that were only verified in one state."""

ELECTION_OVERRIDES: dict[str, dict[tuple[str | None, int, str], str | None]] = {
    "tcpd": {
        # TCPD's newest files spell CPI(M) "CPIM" and have no "CPM" row; elsewhere "CPIM"
        # is a minor outfit standing beside CPM (e.g. West Bengal 2016: 4 rows, 6,302 votes).
        ("Bihar", 2020, "CPIM"): "CPM",
        ("NCT of Delhi", 2020, "CPIM"): "CPM",
        ("Haryana", 2019, "CPIM"): "CPM",
        ("Maharashtra", 2019, "CPIM"): "CPM",
        # "AAP" is the Aam Aadmi Party in the 2018 files (which have no "AAAP"); in
        # Rajasthan 2013, before the AAP stood there, it is another outfit.
        ("Chhattisgarh", 2018, "AAP"): "AAP",
        ("Madhya Pradesh", 2018, "AAP"): "AAP",
        ("Karnataka", 2018, "AAP"): "AAP",
        ("Rajasthan", 2018, "AAP"): "AAP",
        ("Telangana", 2018, "AAP"): "AAP",
        # The 2021 files have both "RPI(A)" and this full name, for rival candidates in the
        # same constituency (Assam AC 45, West Bengal AC 26): not the same party there.
        (None, 2021, "Republican Party of India (A)"): None,
    },
    "electionlens": {
        # 2014 segment files have both CPM (CPI(M)) and a minor "CPIM"; so has Kerala 2019.
        (None, 2014, "CPIM"): None,
        ("Kerala", 2019, "CPIM"): None,
    },
}
"""Source -> {(state or ``None`` for every state, election year, spelling) -> id or ``None``}.

Checked before every other table: a spelling whose meaning changes between elections."""

ECI: dict[str, str] = {
    "Bharatiya Janata Party": "BJP",
    "Indian National Congress": "INC",
    "Bahujan Samaj Party": "BSP",
    "Nationalist Congress Party": "NCP",
    "National People's Party": "NPP",
    "All India Trinamool Congress": "AITC",
    "Communist Party of India (Marxist)": "CPM",
    "Communist Party of India": "CPI",
    "Communist Party of India (Marxist-Leninist) (Liberation)": "CPIML",
    "Revolutionary Socialist Party": "RSP",
    "All India Forward Bloc": "AIFB",
    "SOCIALIST UNITY CENTRE OF INDIA (COMMUNIST)": "SUCI",
    "Socialist Unity Centre of India (Communist)": "SUCI",
    "Marxist Co-ordination": "MCO",
    "Samajwadi Forward Bloc": "SWFB",
    "Amra Bangalee": "AMB",
    "SOCIAL DEMOCRATIC PARTY OF INDIA": "SDPI",
    "Social Democratic Party of India": "SDPI",
    "Welfare Party of India": "WPOI",
    "Bahujan Mukti Party": "BMUP",
    "Party for Democratic Socialism": "PDS",
    "Kamatapur People's Party (United)": "KPPU",
    "Republican Party of India": "RPI",
    "Republican Party of India (A)": "RPIA",
    "Ambedkarite Party of India": "APOI",
    "Pyramid Party of India": "PPOI",
    "Lok Satta Party": "LSP",
    "Socialist Party (India)": "SPI",
    "Samajwadi Party": "SP",
    "Rashtriya Lok Dal": "RLD",
    "Apna Dal (Soneylal)": "ADS",
    "Apna Dal": "AD",
    "Peace Party": "PECP",
    "Suheldev Bharatiya Samaj Party": "SBSP",
    "Suheldev Bhartiya Samaj Party": "SBSP",  # 2014 spelling
    "Qaumi Ekta Dal": "QED",
    "Rashtriya Parivartan Dal": "RPD",
    "Pragatishil Samajwadi Party (Lohia)": "PSPL",
    "Jansatta Dal Loktantrik": "JDL",
    "Janata Dal (United)": "JDU",
    "Rashtriya Janata Dal": "RJD",
    "Lok Jan Shakti Party": "LJP",
    "Rashtriya Lok Samta Party": "RLSP",
    "Hindustani Awam Morcha (Secular)": "HAM",
    "Vikassheel Insaan Party": "VIP",
    "Jan Adhikar Party (Loktantrik)": "JAPL",
    "Jharkhand Mukti Morcha": "JMM",
    "Jharkhand Vikas Morcha (Prajatantrik)": "JVM",
    "AJSU Party": "AJSU",
    "Jharkhand Party": "JHP",
    "Jai Bharat Samanta Party": "JBSP",
    "Indian National Lok Dal": "INLD",
    "Jannayak Janta Party": "JJP",
    "Haryana Janhit Congress (BL)": "HJC",
    "Rashtriya Loktantrik Party": "RLTP",
    "National Unionist Zamindara Party": "NUZP",
    "Aam Aadmi Party": "AAP",
    "Bhartiya Tribal Party": "BTP",
    "Gondvana Gantantra Party": "GGP",
    "Chhattisgarh Swabhiman Manch": "CSM",
    "Chandigarh Ki Aawaz Party": "CKAP",
    "Navsarjan Bharat Party": "NBP",
    "Shiromani Akali Dal": "SAD",
    "Lok Insaaf Party": "LIP",
    "Punjab Ekta Party": "PEP",
    "Nawan Punjab Party": "NWPP",
    "Shivsena": "SHS",
    "Maharashtra Navnirman Sena": "MNS",
    "Vanchit Bahujan Aaghadi": "VBA",
    "Bharipa Bahujan Mahasangh": "BBM",
    "Swabhimani Paksha": "SWP",
    "Peasants And Workers Party of India": "PWPI",
    "Bahujan Vikas Aaghadi": "BVA",
    "Rashtriya Samaj Paksha": "RSPS",
    "Maharashtra Swabhimaan Paksh,": "MSHP",  # sic, with the comma, in the 2019 file
    "Dravida Munnetra Kazhagam": "DMK",
    "All India Anna Dravida Munnetra Kazhagam": "ADMK",
    "Pattali Makkal Katchi": "PMK",
    "Desiya Murpokku Dravida Kazhagam": "DMDK",
    "Marumalarchi Dravida Munnetra Kazhagam": "MDMK",
    "Viduthalai Chiruthaigal Katchi": "VCK",
    "Naam Tamilar Katchi": "NTK",
    "Makkal Needhi Maiam": "MNM",
    "Puthiya Tamilagam": "PT",
    "Manithaneya Makkal Katchi": "MMK",
    "Tamil Maanila Congress (Moopanar)": "TMCM",
    "All India N.R. Congress": "AINRC",
    "Yuvajana Sramika Rythu Congress Party": "YSRCP",
    "Telugu Desam": "TDP",
    "Telangana Rashtra Samithi": "TRS",
    "Bharat Rashtra Samithi": "TRS",
    "Janasena Party": "JSP",
    "Jai Samaikyandhra Party": "JASPA",
    "Telangana Jana Samithi": "TJS",
    "All India Majlis-E-Ittehadul Muslimeen": "AIMIM",
    "Janata Dal (Secular)": "JDS",
    "Indian Union Muslim League": "IUML",
    "Kerala Congress (M)": "KCM",
    "Kerala Congress": "KEC",
    "Socialist Janata (Democratic)": "SJD",
    "Bharath Dharma Jana Sena": "BDJS",
    "Peoples Democratic Party": "PDP",  # Kerala; the J&K use is fixed by STATE_OVERRIDES
    "Biju Janata Dal": "BJD",
    "Aama Odisha Party": "AOP",
    "Asom Gana Parishad": "AGP",
    "All India United Democratic Front": "AIUDF",
    "Bodoland Peoples Front": "BPF",
    "United People’s Party, Liberal": "UPPL",
    "United People's Party, Liberal": "UPPL",
    "Autonomous State Demand Committee": "ASDC",
    "Naga Peoples Front": "NPF",
    "Nationalist Democratic Progressive Party": "NDPP",
    "United Democratic Party": "UDP",
    "People's Party of Arunachal": "PPA",
    "Indigenous People's Front of Tripura": "IPFT",
    "Mizo National Front": "MNF",
    "Peoples Representation for Identity and Status of Mizoram (PRISM) Party": "PRISM",
    "North East India Development Party": "NEIDP",
    "Sikkim Krantikari Morcha": "SKM",
    "Sikkim Democratic Front": "SDF",
    "Hamro Sikkim Party": "HMSKP",
    "Jammu & Kashmir National Conference": "JKNC",
    "Jammu & Kashmir Peoples Democratic Party": "JKPDP",
    "Jammu & Kashmir People Conference": "JKPC",
    "Jammu & Kashmir National Panthers Party": "JKNPP",
    "Dogra Swabhiman Sangathan Party,": "DSSP",  # sic, with the comma, in the 2019 file
    "Independent": "IND",
    "NOTA": "NOTA",
}
"""ECI full party name -> canonical id (the Lok Sabha files; also the full names that TCPD's
newest assembly files use for smaller parties)."""

ECI_UPPER_EXTRA: dict[str, str] = {
    "NATIONAL PEOPLES PARTY": "NPP",
    "INDIGENOUSN PEOPLE'S FRONT OF TRIPURA": "IPFT",
    "INDEPENDENT": "IND",
}
"""Spellings that only occur in the upper-case 2014 file (typos and older names included)."""
