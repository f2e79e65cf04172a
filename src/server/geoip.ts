/**
 * Actions' `event.request.geoip` from a MaxMind DB file (GeoLite2-City, GeoIP2-City or any
 * database in that format with the same record shape): https://maxmind.github.io/MaxMind-DB/
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Reader, type CityResponse } from 'mmdb-lib';
import type { ActionsGeoIp } from '@/shared/hook-contract';

/** The geoip of an address: `{}` when the database does not know it or it is not an address. */
export type GeoIpLookup = (ip: string) => ActionsGeoIp;

/** ISO 3166-1 alpha-2 → alpha-3 (Auth0's `countryCode3`), each pair as one 5-letter word. */
const ALPHA3 = new Map(
  [
    'ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO AQATA ARARG ASASM ATAUT AUAUS AWABW AXALA',
    'AZAZE BABIH BBBRB BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES',
    'BRBRA BSBHS BTBTN BVBVT BWBWA BYBLR BZBLZ CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK',
    'CLCHL CMCMR CNCHN COCOL CRCRI CUCUB CVCPV CWCUW CXCXR CYCYP CZCZE DEDEU DJDJI DKDNK DMDMA',
    'DODOM DZDZA ECECU EEEST EGEGY EHESH ERERI ESESP ETETH FIFIN FJFJI FKFLK FMFSM FOFRO FRFRA',
    'GAGAB GBGBR GDGRD GEGEO GFGUF GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ GRGRC GSSGS',
    'GTGTM GUGUM GWGNB GYGUY HKHKG HMHMD HNHND HRHRV HTHTI HUHUN IDIDN IEIRL ILISR IMIMN ININD',
    'IOIOT IQIRQ IRIRN ISISL ITITA JEJEY JMJAM JOJOR JPJPN KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA',
    'KPPRK KRKOR KWKWT KYCYM KZKAZ LALAO LBLBN LCLCA LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA',
    'LYLBY MAMAR MCMCO MDMDA MEMNE MFMAF MGMDG MHMHL MKMKD MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ',
    'MRMRT MSMSR MTMLT MUMUS MVMDV MWMWI MXMEX MYMYS MZMOZ NANAM NCNCL NENER NFNFK NGNGA NINIC',
    'NLNLD NONOR NPNPL NRNRU NUNIU NZNZL OMOMN PAPAN PEPER PFPYF PGPNG PHPHL PKPAK PLPOL PMSPM',
    'PNPCN PRPRI PSPSE PTPRT PWPLW PYPRY QAQAT REREU ROROU RSSRB RURUS RWRWA SASAU SBSLB SCSYC',
    'SDSDN SESWE SGSGP SHSHN SISVN SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM SRSUR SSSSD STSTP SVSLV',
    'SXSXM SYSYR SZSWZ TCTCA TDTCD TFATF TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN TOTON TRTUR',
    'TTTTO TVTUV TWTWN TZTZA UAUKR UGUGA UMUMI USUSA UYURY UZUZB VAVAT VCVCT VEVEN VGVGB VIVIR',
    'VNVNM VUVUT WFWLF WSWSM YEYEM YTMYT ZAZAF ZMZMB ZWZWE',
  ]
    .join(' ')
    .split(' ')
    .map((pair) => [pair.slice(0, 2), pair.slice(2)]),
);

/** Opens the database file; throws an Error saying why it cannot be used. */
export function openGeoIpDatabase(file: string): GeoIpLookup {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  let reader: Reader<CityResponse>;
  try {
    reader = new Reader<CityResponse>(bytes);
  } catch (err) {
    throw new Error(`${file} is not a MaxMind DB (.mmdb) file: ${(err as Error).message}`);
  }
  const ipv4Only = reader.metadata.ipVersion === 4;
  return (ip) => {
    // node:http reports IPv4 clients of a dual-stack listener as IPv4-mapped IPv6 addresses.
    const address = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
    const version = isIP(address);
    if (version === 0 || (version === 6 && ipv4Only)) return {};
    let record: CityResponse | null;
    try {
      record = reader.get(address);
    } catch {
      return {};
    }
    return record ? geoIpOf(record) : {};
  };
}

/** A City record in Auth0's field names; fields the record lacks are left out. */
function geoIpOf(record: CityResponse): ActionsGeoIp {
  const subdivision = record.subdivisions?.[0];
  const countryCode = record.country?.iso_code;
  const out: ActionsGeoIp = {
    cityName: record.city?.names?.en,
    continentCode: record.continent?.code,
    countryCode,
    countryCode3: countryCode && ALPHA3.get(countryCode),
    countryName: record.country?.names?.en,
    latitude: record.location?.latitude,
    longitude: record.location?.longitude,
    subdivisionCode: subdivision?.iso_code,
    subdivisionName: subdivision?.names?.en,
    timeZone: record.location?.time_zone,
  };
  for (const key of Object.keys(out) as (keyof ActionsGeoIp)[])
    if (out[key] === undefined) delete out[key];
  return out;
}
