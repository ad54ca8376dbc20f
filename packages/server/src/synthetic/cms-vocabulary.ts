/** Words real CMS analyses are written in, for generated records that look like them. */

export const GIVEN_NAMES = [
  'Anna', 'Marco', 'Wei', 'Priya', 'Jonas', 'Elena', 'Tomás', 'Yuki', 'Fatima', 'Lukas', 'Sofia', 'Ahmed', 'Chiara', 'Pavel',
  'Ingrid', 'Rafael', 'Mei', 'Oluwaseun', 'Giulia', 'Nikolai', 'Hannah', 'Diego', 'Seo-yeon', 'Matteo', 'Amélie', 'Kenji',
] as const;

export const FAMILY_NAMES = [
  'Rossi', 'Müller', 'Zhang', 'Sharma', 'Novák', 'García', 'Tanaka', 'Haddad', 'Johansson', 'Ivanova', 'Dubois', 'Kowalski',
  'Okafor', 'Bianchi', 'Schmidt', 'Fernández', 'Kim', 'Papadopoulos', 'Nielsen', 'Costa', "O'Brien", 'Van der Berg', 'Silva',
] as const;

/** Institutes with their ROR ids. */
export const INSTITUTES = [
  { name: 'CERN', ror: '01ggx4157' },
  { name: 'ETH Zurich', ror: '05a28rw58' },
  { name: 'Harvard University', ror: '03vek6s52' },
  { name: 'University of Oxford', ror: '052gg0110' },
] as const;

export const WORKING_GROUPS = ['B2G', 'BPH', 'EXO', 'FSQ', 'HIG', 'HIN', 'SMP', 'SUS', 'TOP'] as const;

export const ANALYSIS_KINDS = ['measurement', 'search', 'measurement', 'search', 'performance', 'combination'] as const;

export const TOPICS = [
  'Measurement of the top quark pair production cross section',
  'Search for heavy resonances decaying to dijets',
  'Observation of the Higgs boson decay to bottom quarks',
  'Search for supersymmetry in final states with missing transverse momentum',
  'Measurement of the W boson mass',
  'Study of quarkonium suppression in lead-lead collisions',
  'Search for dark matter produced with a Z boson',
  'Measurement of differential Drell-Yan cross sections',
  'Search for vector-like quarks in lepton plus jets final states',
  'Measurement of the B0s to mu+ mu- branching fraction',
] as const;

export const FINAL_STATES = ['dimuon', 'dielectron', 'lepton+jets', 'dilepton', 'all-hadronic', 'diphoton', 'jets+MET', 'tau+tau', 'four-lepton', 'b-jets'] as const;

/** Physics objects with how analyses typically define and cut on them. */
export const OBJECTS = [
  { physics_object: 'electron', definition: 'Cut-based tight identification, relative PF isolation < 0.06', pT: '>25 GeV', eta: '|eta|<2.5, excluding 1.444-1.566' },
  { physics_object: 'muon', definition: 'Tight identification, relative PF isolation < 0.15', pT: '>20 GeV', eta: '|eta|<2.4' },
  { physics_object: 'tau', definition: 'DeepTau medium working point, decay modes 0, 1, 10, 11', pT: '>30 GeV', eta: '|eta|<2.3' },
  { physics_object: 'photon', definition: 'MVA identification, 90% efficiency working point', pT: '>35 GeV', eta: 'ECAL barrel' },
  { physics_object: 'jet', definition: 'Anti-kT R=0.4 PF jets with charged-hadron subtraction, tight jet ID', pT: '>30 GeV', eta: '|eta|<4.7' },
  { physics_object: 'b-jet', definition: 'DeepJet medium working point', pT: '>20 GeV', eta: '|eta|<2.5' },
  { physics_object: 'large-R jet', definition: 'Anti-kT R=0.8 PUPPI jets, soft-drop mass', pT: '>200 GeV', eta: '|eta|<2.4' },
  { physics_object: 'missing transverse energy', definition: 'Type-I corrected PUPPI MET', pT: '>50 GeV', eta: '' },
] as const;

export const TRIGGERS = [
  'HLT_IsoMu24', 'HLT_IsoMu27', 'HLT_Mu50', 'HLT_Ele32_WPTight_Gsf', 'HLT_Ele35_WPTight_Gsf', 'HLT_DoubleEle33_CaloIdL_MW',
  'HLT_Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ_Mass8', 'HLT_PFHT1050', 'HLT_PFJet500', 'HLT_Photon200', 'HLT_PFMETNoMu120_PFMHTNoMu120_IDTight',
  'HLT_DoubleMediumChargedIsoPFTauHPS35_Trk1_eta2p1_Reg', 'HLT_Dimuon25_Jpsi', 'HLT_Mu15_v2',
] as const;

/** Data-taking eras with their year, run range and a primary-dataset reprocessing name. */
export const ERAS = [
  { era: 'Run2010B', year: 2010, firstRun: 146240, lastRun: 149711, reco: 'Apr21ReReco-v1', tier: 'AOD', energy: 7 },
  { era: 'Run2011A', year: 2011, firstRun: 160404, lastRun: 173692, reco: '12Oct2013-v1', tier: 'AOD', energy: 7 },
  { era: 'Run2012C', year: 2012, firstRun: 197770, lastRun: 203742, reco: '22Jan2013-v1', tier: 'AOD', energy: 8 },
  { era: 'Run2016G', year: 2016, firstRun: 278820, lastRun: 280385, reco: 'UL2016_MiniAODv2-v2', tier: 'MINIAOD', energy: 13 },
  { era: 'Run2017F', year: 2017, firstRun: 305040, lastRun: 306460, reco: 'UL2017_MiniAODv2-v1', tier: 'MINIAOD', energy: 13 },
  { era: 'Run2018D', year: 2018, firstRun: 320673, lastRun: 325175, reco: 'UL2018_MiniAODv2-v1', tier: 'MINIAOD', energy: 13 },
] as const;

export const PRIMARY_DATASETS = ['SingleMuon', 'DoubleMuon', 'SingleElectron', 'EGamma', 'JetHT', 'MET', 'Tau', 'MuonEG', 'Mu', 'Charmonium'] as const;

export const MC_PROCESSES = [
  'TTToSemiLeptonic_TuneCP5_13TeV-powheg-pythia8', 'DYJetsToLL_M-50_TuneCP5_13TeV-amcatnloFXFX-pythia8', 'WJetsToLNu_TuneCP5_13TeV-madgraphMLM-pythia8',
  'GluGluHToZZTo4L_M125_TuneCP5_13TeV_powheg2_JHUGenV7011_pythia8', 'QCD_Pt-15to7000_TuneCP5_Flat2018_13TeV_pythia8', 'ZZTo4L_TuneCP5_13TeV_powheg_pythia8',
] as const;

/** CMSSW releases with a global tag used with them and the OS they ran on. */
export const RELEASES = [
  { version: '4_2_8', global_tag: 'FT_R_42_V10A::All', os: 'SLC', osVersion: '5' },
  { version: '5_3_32', global_tag: 'FT53_V21A_AN6::All', os: 'SLC', osVersion: '6' },
  { version: '10_6_30', global_tag: '106X_dataRun2_v37', os: 'CentOS', osVersion: '7' },
  { version: '13_0_13', global_tag: '130X_dataRun3_Prompt_v4', os: 'AlmaLinux', osVersion: '9' },
] as const;

export const JOURNALS = [
  { title: 'Phys. Rev. Lett.', doiPrefix: '10.1103/PhysRevLett' },
  { title: 'Phys. Rev. D', doiPrefix: '10.1103/PhysRevD' },
  { title: 'JHEP', doiPrefix: '10.1007/JHEP' },
  { title: 'Eur. Phys. J. C', doiPrefix: '10.1140/epjc/s10052-0' },
  { title: 'Phys. Lett. B', doiPrefix: '10.1016/j.physletb' },
] as const;
