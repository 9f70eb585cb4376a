"use strict";
var SessionCluster = (() => {
  var __create = Object.create;
  var __defProp = Object.defineProperty;
  var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
  var __getOwnPropNames = Object.getOwnPropertyNames;
  var __getProtoOf = Object.getPrototypeOf;
  var __hasOwnProp = Object.prototype.hasOwnProperty;
  var __commonJS = (cb, mod) => function __require() {
    try {
      return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
    } catch (e) {
      throw mod = 0, e;
    }
  };
  var __export = (target, all) => {
    for (var name in all)
      __defProp(target, name, { get: all[name], enumerable: true });
  };
  var __copyProps = (to, from, except, desc) => {
    if (from && typeof from === "object" || typeof from === "function") {
      for (let key of __getOwnPropNames(from))
        if (!__hasOwnProp.call(to, key) && key !== except)
          __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
    }
    return to;
  };
  var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
    // If the importer is in node compatibility mode or this is not an ESM
    // file that has been converted to a CommonJS file using a Babel-
    // compatible transform (i.e. "__esModule" has not been set), then set
    // "default" to the CommonJS "module.exports" for node compatibility.
    isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
    mod
  ));
  var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

  // node_modules/ua-parser-js/src/ua-parser.js
  var require_ua_parser = __commonJS({
    "node_modules/ua-parser-js/src/ua-parser.js"(exports, module) {
      (function(window2, undefined2) {
        "use strict";
        var LIBVERSION = "1.0.41", EMPTY = "", UNKNOWN = "?", FUNC_TYPE = "function", UNDEF_TYPE = "undefined", OBJ_TYPE = "object", STR_TYPE = "string", MAJOR = "major", MODEL = "model", NAME = "name", TYPE = "type", VENDOR = "vendor", VERSION = "version", ARCHITECTURE = "architecture", CONSOLE = "console", MOBILE = "mobile", TABLET = "tablet", SMARTTV = "smarttv", WEARABLE = "wearable", EMBEDDED = "embedded", UA_MAX_LENGTH = 500;
        var AMAZON = "Amazon", APPLE = "Apple", ASUS = "ASUS", BLACKBERRY = "BlackBerry", BROWSER = "Browser", CHROME = "Chrome", EDGE = "Edge", FIREFOX = "Firefox", GOOGLE = "Google", HONOR = "Honor", HUAWEI = "Huawei", LENOVO = "Lenovo", LG = "LG", MICROSOFT = "Microsoft", MOTOROLA = "Motorola", NVIDIA = "Nvidia", ONEPLUS = "OnePlus", OPERA = "Opera", OPPO = "OPPO", SAMSUNG = "Samsung", SHARP = "Sharp", SONY = "Sony", XIAOMI = "Xiaomi", ZEBRA = "Zebra", FACEBOOK = "Facebook", CHROMIUM_OS = "Chromium OS", MAC_OS = "Mac OS", SUFFIX_BROWSER = " Browser";
        var extend = function(regexes2, extensions) {
          var mergedRegexes = {};
          for (var i in regexes2) {
            if (extensions[i] && extensions[i].length % 2 === 0) {
              mergedRegexes[i] = extensions[i].concat(regexes2[i]);
            } else {
              mergedRegexes[i] = regexes2[i];
            }
          }
          return mergedRegexes;
        }, enumerize = function(arr) {
          var enums = {};
          for (var i = 0; i < arr.length; i++) {
            enums[arr[i].toUpperCase()] = arr[i];
          }
          return enums;
        }, has = function(str1, str2) {
          return typeof str1 === STR_TYPE ? lowerize(str2).indexOf(lowerize(str1)) !== -1 : false;
        }, lowerize = function(str) {
          return str.toLowerCase();
        }, majorize = function(version) {
          return typeof version === STR_TYPE ? version.replace(/[^\d\.]/g, EMPTY).split(".")[0] : undefined2;
        }, trim = function(str, len) {
          if (typeof str === STR_TYPE) {
            str = str.replace(/^\s\s*/, EMPTY);
            return typeof len === UNDEF_TYPE ? str : str.substring(0, UA_MAX_LENGTH);
          }
        };
        var rgxMapper = function(ua, arrays) {
          var i = 0, j, k, p, q, matches, match;
          while (i < arrays.length && !matches) {
            var regex = arrays[i], props = arrays[i + 1];
            j = k = 0;
            while (j < regex.length && !matches) {
              if (!regex[j]) {
                break;
              }
              matches = regex[j++].exec(ua);
              if (!!matches) {
                for (p = 0; p < props.length; p++) {
                  match = matches[++k];
                  q = props[p];
                  if (typeof q === OBJ_TYPE && q.length > 0) {
                    if (q.length === 2) {
                      if (typeof q[1] == FUNC_TYPE) {
                        this[q[0]] = q[1].call(this, match);
                      } else {
                        this[q[0]] = q[1];
                      }
                    } else if (q.length === 3) {
                      if (typeof q[1] === FUNC_TYPE && !(q[1].exec && q[1].test)) {
                        this[q[0]] = match ? q[1].call(this, match, q[2]) : undefined2;
                      } else {
                        this[q[0]] = match ? match.replace(q[1], q[2]) : undefined2;
                      }
                    } else if (q.length === 4) {
                      this[q[0]] = match ? q[3].call(this, match.replace(q[1], q[2])) : undefined2;
                    }
                  } else {
                    this[q] = match ? match : undefined2;
                  }
                }
              }
            }
            i += 2;
          }
        }, strMapper = function(str, map) {
          for (var i in map) {
            if (typeof map[i] === OBJ_TYPE && map[i].length > 0) {
              for (var j = 0; j < map[i].length; j++) {
                if (has(map[i][j], str)) {
                  return i === UNKNOWN ? undefined2 : i;
                }
              }
            } else if (has(map[i], str)) {
              return i === UNKNOWN ? undefined2 : i;
            }
          }
          return map.hasOwnProperty("*") ? map["*"] : str;
        };
        var oldSafariMap = {
          "1.0": "/8",
          "1.2": "/1",
          "1.3": "/3",
          "2.0": "/412",
          "2.0.2": "/416",
          "2.0.3": "/417",
          "2.0.4": "/419",
          "?": "/"
        }, windowsVersionMap = {
          "ME": "4.90",
          "NT 3.11": "NT3.51",
          "NT 4.0": "NT4.0",
          "2000": "NT 5.0",
          "XP": ["NT 5.1", "NT 5.2"],
          "Vista": "NT 6.0",
          "7": "NT 6.1",
          "8": "NT 6.2",
          "8.1": "NT 6.3",
          "10": ["NT 6.4", "NT 10.0"],
          "RT": "ARM"
        };
        var regexes = {
          browser: [
            [
              /\b(?:crmo|crios)\/([\w\.]+)/i
              // Chrome for Android/iOS
            ],
            [VERSION, [NAME, "Chrome"]],
            [
              /edg(?:e|ios|a)?\/([\w\.]+)/i
              // Microsoft Edge
            ],
            [VERSION, [NAME, "Edge"]],
            [
              // Presto based
              /(opera mini)\/([-\w\.]+)/i,
              // Opera Mini
              /(opera [mobiletab]{3,6})\b.+version\/([-\w\.]+)/i,
              // Opera Mobi/Tablet
              /(opera)(?:.+version\/|[\/ ]+)([\w\.]+)/i
              // Opera
            ],
            [NAME, VERSION],
            [
              /opios[\/ ]+([\w\.]+)/i
              // Opera mini on iphone >= 8.0
            ],
            [VERSION, [NAME, OPERA + " Mini"]],
            [
              /\bop(?:rg)?x\/([\w\.]+)/i
              // Opera GX
            ],
            [VERSION, [NAME, OPERA + " GX"]],
            [
              /\bopr\/([\w\.]+)/i
              // Opera Webkit
            ],
            [VERSION, [NAME, OPERA]],
            [
              // Mixed
              /\bb[ai]*d(?:uhd|[ub]*[aekoprswx]{5,6})[\/ ]?([\w\.]+)/i
              // Baidu
            ],
            [VERSION, [NAME, "Baidu"]],
            [
              /\b(?:mxbrowser|mxios|myie2)\/?([-\w\.]*)\b/i
              // Maxthon
            ],
            [VERSION, [NAME, "Maxthon"]],
            [
              /(kindle)\/([\w\.]+)/i,
              // Kindle
              /(lunascape|maxthon|netfront|jasmine|blazer|sleipnir)[\/ ]?([\w\.]*)/i,
              // Lunascape/Maxthon/Netfront/Jasmine/Blazer/Sleipnir
              // Trident based
              /(avant|iemobile|slim(?:browser|boat|jet))[\/ ]?([\d\.]*)/i,
              // Avant/IEMobile/SlimBrowser/SlimBoat/Slimjet
              /(?:ms|\()(ie) ([\w\.]+)/i,
              // Internet Explorer
              // Blink/Webkit/KHTML based                                         // Flock/RockMelt/Midori/Epiphany/Silk/Skyfire/Bolt/Iron/Iridium/PhantomJS/Bowser/QupZilla/Falkon
              /(flock|rockmelt|midori|epiphany|silk|skyfire|ovibrowser|bolt|iron|vivaldi|iridium|phantomjs|bowser|qupzilla|falkon|rekonq|puffin|brave|whale(?!.+naver)|qqbrowserlite|duckduckgo|klar|helio|(?=comodo_)?dragon)\/([-\w\.]+)/i,
              // Rekonq/Puffin/Brave/Whale/QQBrowserLite/QQ//Vivaldi/DuckDuckGo/Klar/Helio/Dragon
              /(heytap|ovi|115)browser\/([\d\.]+)/i,
              // HeyTap/Ovi/115
              /(weibo)__([\d\.]+)/i
              // Weibo
            ],
            [NAME, VERSION],
            [
              /quark(?:pc)?\/([-\w\.]+)/i
              // Quark
            ],
            [VERSION, [NAME, "Quark"]],
            [
              /\bddg\/([\w\.]+)/i
              // DuckDuckGo
            ],
            [VERSION, [NAME, "DuckDuckGo"]],
            [
              /(?:\buc? ?browser|(?:juc.+)ucweb)[\/ ]?([\w\.]+)/i
              // UCBrowser
            ],
            [VERSION, [NAME, "UC" + BROWSER]],
            [
              /microm.+\bqbcore\/([\w\.]+)/i,
              // WeChat Desktop for Windows Built-in Browser
              /\bqbcore\/([\w\.]+).+microm/i,
              /micromessenger\/([\w\.]+)/i
              // WeChat
            ],
            [VERSION, [NAME, "WeChat"]],
            [
              /konqueror\/([\w\.]+)/i
              // Konqueror
            ],
            [VERSION, [NAME, "Konqueror"]],
            [
              /trident.+rv[: ]([\w\.]{1,9})\b.+like gecko/i
              // IE11
            ],
            [VERSION, [NAME, "IE"]],
            [
              /ya(?:search)?browser\/([\w\.]+)/i
              // Yandex
            ],
            [VERSION, [NAME, "Yandex"]],
            [
              /slbrowser\/([\w\.]+)/i
              // Smart Lenovo Browser
            ],
            [VERSION, [NAME, "Smart Lenovo " + BROWSER]],
            [
              /(avast|avg)\/([\w\.]+)/i
              // Avast/AVG Secure Browser
            ],
            [[NAME, /(.+)/, "$1 Secure " + BROWSER], VERSION],
            [
              /\bfocus\/([\w\.]+)/i
              // Firefox Focus
            ],
            [VERSION, [NAME, FIREFOX + " Focus"]],
            [
              /\bopt\/([\w\.]+)/i
              // Opera Touch
            ],
            [VERSION, [NAME, OPERA + " Touch"]],
            [
              /coc_coc\w+\/([\w\.]+)/i
              // Coc Coc Browser
            ],
            [VERSION, [NAME, "Coc Coc"]],
            [
              /dolfin\/([\w\.]+)/i
              // Dolphin
            ],
            [VERSION, [NAME, "Dolphin"]],
            [
              /coast\/([\w\.]+)/i
              // Opera Coast
            ],
            [VERSION, [NAME, OPERA + " Coast"]],
            [
              /miuibrowser\/([\w\.]+)/i
              // MIUI Browser
            ],
            [VERSION, [NAME, "MIUI" + SUFFIX_BROWSER]],
            [
              /fxios\/([\w\.-]+)/i
              // Firefox for iOS
            ],
            [VERSION, [NAME, FIREFOX]],
            [
              /\bqihoobrowser\/?([\w\.]*)/i
              // 360
            ],
            [VERSION, [NAME, "360"]],
            [
              /\b(qq)\/([\w\.]+)/i
              // QQ
            ],
            [[NAME, /(.+)/, "$1Browser"], VERSION],
            [
              /(oculus|sailfish|huawei|vivo|pico)browser\/([\w\.]+)/i
            ],
            [[NAME, /(.+)/, "$1" + SUFFIX_BROWSER], VERSION],
            [
              // Oculus/Sailfish/HuaweiBrowser/VivoBrowser/PicoBrowser
              /samsungbrowser\/([\w\.]+)/i
              // Samsung Internet
            ],
            [VERSION, [NAME, SAMSUNG + " Internet"]],
            [
              /metasr[\/ ]?([\d\.]+)/i
              // Sogou Explorer
            ],
            [VERSION, [NAME, "Sogou Explorer"]],
            [
              /(sogou)mo\w+\/([\d\.]+)/i
              // Sogou Mobile
            ],
            [[NAME, "Sogou Mobile"], VERSION],
            [
              /(electron)\/([\w\.]+) safari/i,
              // Electron-based App
              /(tesla)(?: qtcarbrowser|\/(20\d\d\.[-\w\.]+))/i,
              // Tesla
              /m?(qqbrowser|2345(?=browser|chrome|explorer))\w*[\/ ]?v?([\w\.]+)/i
              // QQ/2345
            ],
            [NAME, VERSION],
            [
              /(lbbrowser|rekonq)/i,
              // LieBao Browser/Rekonq
              /\[(linkedin)app\]/i
              // LinkedIn App for iOS & Android
            ],
            [NAME],
            [
              /ome\/([\w\.]+) \w* ?(iron) saf/i,
              // Iron
              /ome\/([\w\.]+).+qihu (360)[es]e/i
              // 360
            ],
            [VERSION, NAME],
            [
              // WebView
              /((?:fban\/fbios|fb_iab\/fb4a)(?!.+fbav)|;fbav\/([\w\.]+);)/i
              // Facebook App for iOS & Android
            ],
            [[NAME, FACEBOOK], VERSION],
            [
              /(Klarna)\/([\w\.]+)/i,
              // Klarna Shopping Browser for iOS & Android
              /(kakao(?:talk|story))[\/ ]([\w\.]+)/i,
              // Kakao App
              /(naver)\(.*?(\d+\.[\w\.]+).*\)/i,
              // Naver InApp
              /(daum)apps[\/ ]([\w\.]+)/i,
              // Daum App
              /safari (line)\/([\w\.]+)/i,
              // Line App for iOS
              /\b(line)\/([\w\.]+)\/iab/i,
              // Line App for Android
              /(alipay)client\/([\w\.]+)/i,
              // Alipay
              /(twitter)(?:and| f.+e\/([\w\.]+))/i,
              // Twitter
              /(chromium|instagram|snapchat)[\/ ]([-\w\.]+)/i
              // Chromium/Instagram/Snapchat
            ],
            [NAME, VERSION],
            [
              /\bgsa\/([\w\.]+) .*safari\//i
              // Google Search Appliance on iOS
            ],
            [VERSION, [NAME, "GSA"]],
            [
              /musical_ly(?:.+app_?version\/|_)([\w\.]+)/i
              // TikTok
            ],
            [VERSION, [NAME, "TikTok"]],
            [
              /headlesschrome(?:\/([\w\.]+)| )/i
              // Chrome Headless
            ],
            [VERSION, [NAME, CHROME + " Headless"]],
            [
              / wv\).+(chrome)\/([\w\.]+)/i
              // Chrome WebView
            ],
            [[NAME, CHROME + " WebView"], VERSION],
            [
              /droid.+ version\/([\w\.]+)\b.+(?:mobile safari|safari)/i
              // Android Browser
            ],
            [VERSION, [NAME, "Android " + BROWSER]],
            [
              /(chrome|omniweb|arora|[tizenoka]{5} ?browser)\/v?([\w\.]+)/i
              // Chrome/OmniWeb/Arora/Tizen/Nokia
            ],
            [NAME, VERSION],
            [
              /version\/([\w\.\,]+) .*mobile\/\w+ (safari)/i
              // Mobile Safari
            ],
            [VERSION, [NAME, "Mobile Safari"]],
            [
              /version\/([\w(\.|\,)]+) .*(mobile ?safari|safari)/i
              // Safari & Safari Mobile
            ],
            [VERSION, NAME],
            [
              /webkit.+?(mobile ?safari|safari)(\/[\w\.]+)/i
              // Safari < 3.0
            ],
            [NAME, [VERSION, strMapper, oldSafariMap]],
            [
              /(webkit|khtml)\/([\w\.]+)/i
            ],
            [NAME, VERSION],
            [
              // Gecko based
              /(navigator|netscape\d?)\/([-\w\.]+)/i
              // Netscape
            ],
            [[NAME, "Netscape"], VERSION],
            [
              /(wolvic|librewolf)\/([\w\.]+)/i
              // Wolvic/LibreWolf
            ],
            [NAME, VERSION],
            [
              /mobile vr; rv:([\w\.]+)\).+firefox/i
              // Firefox Reality
            ],
            [VERSION, [NAME, FIREFOX + " Reality"]],
            [
              /ekiohf.+(flow)\/([\w\.]+)/i,
              // Flow
              /(swiftfox)/i,
              // Swiftfox
              /(icedragon|iceweasel|camino|chimera|fennec|maemo browser|minimo|conkeror)[\/ ]?([\w\.\+]+)/i,
              // IceDragon/Iceweasel/Camino/Chimera/Fennec/Maemo/Minimo/Conkeror
              /(seamonkey|k-meleon|icecat|iceape|firebird|phoenix|palemoon|basilisk|waterfox)\/([-\w\.]+)$/i,
              // Firefox/SeaMonkey/K-Meleon/IceCat/IceApe/Firebird/Phoenix
              /(firefox)\/([\w\.]+)/i,
              // Other Firefox-based
              /(mozilla)\/([\w\.]+) .+rv\:.+gecko\/\d+/i,
              // Mozilla
              // Other
              /(amaya|dillo|doris|icab|ladybird|lynx|mosaic|netsurf|obigo|polaris|w3m|(?:go|ice|up)[\. ]?browser)[-\/ ]?v?([\w\.]+)/i,
              // Polaris/Lynx/Dillo/iCab/Doris/Amaya/w3m/NetSurf/Obigo/Mosaic/Go/ICE/UP.Browser/Ladybird
              /\b(links) \(([\w\.]+)/i
              // Links
            ],
            [NAME, [VERSION, /_/g, "."]],
            [
              /(cobalt)\/([\w\.]+)/i
              // Cobalt
            ],
            [NAME, [VERSION, /master.|lts./, ""]]
          ],
          cpu: [
            [
              /\b((amd|x|x86[-_]?|wow|win)64)\b/i
              // AMD64 (x64)
            ],
            [[ARCHITECTURE, "amd64"]],
            [
              /(ia32(?=;))/i,
              // IA32 (quicktime)
              /\b((i[346]|x)86)(pc)?\b/i
              // IA32 (x86)
            ],
            [[ARCHITECTURE, "ia32"]],
            [
              /\b(aarch64|arm(v?[89]e?l?|_?64))\b/i
              // ARM64
            ],
            [[ARCHITECTURE, "arm64"]],
            [
              /\b(arm(v[67])?ht?n?[fl]p?)\b/i
              // ARMHF
            ],
            [[ARCHITECTURE, "armhf"]],
            [
              // PocketPC mistakenly identified as PowerPC
              /( (ce|mobile); ppc;|\/[\w\.]+arm\b)/i
            ],
            [[ARCHITECTURE, "arm"]],
            [
              /((ppc|powerpc)(64)?)( mac|;|\))/i
              // PowerPC
            ],
            [[ARCHITECTURE, /ower/, EMPTY, lowerize]],
            [
              / sun4\w[;\)]/i
              // SPARC
            ],
            [[ARCHITECTURE, "sparc"]],
            [
              /\b(avr32|ia64(?=;)|68k(?=\))|\barm(?=v([1-7]|[5-7]1)l?|;|eabi)|(irix|mips|sparc)(64)?\b|pa-risc)/i
              // IA64, 68K, ARM/64, AVR/32, IRIX/64, MIPS/64, SPARC/64, PA-RISC
            ],
            [[ARCHITECTURE, lowerize]]
          ],
          device: [
            [
              //////////////////////////
              // MOBILES & TABLETS
              /////////////////////////
              // Samsung
              /\b(sch-i[89]0\d|shw-m380s|sm-[ptx]\w{2,4}|gt-[pn]\d{2,4}|sgh-t8[56]9|nexus 10)/i
            ],
            [MODEL, [VENDOR, SAMSUNG], [TYPE, TABLET]],
            [
              /\b((?:s[cgp]h|gt|sm)-(?![lr])\w+|sc[g-]?[\d]+a?|galaxy nexus)/i,
              /samsung[- ]((?!sm-[lr])[-\w]+)/i,
              /sec-(sgh\w+)/i
            ],
            [MODEL, [VENDOR, SAMSUNG], [TYPE, MOBILE]],
            [
              // Apple
              /(?:\/|\()(ip(?:hone|od)[\w, ]*)(?:\/|;)/i
              // iPod/iPhone
            ],
            [MODEL, [VENDOR, APPLE], [TYPE, MOBILE]],
            [
              /\((ipad);[-\w\),; ]+apple/i,
              // iPad
              /applecoremedia\/[\w\.]+ \((ipad)/i,
              /\b(ipad)\d\d?,\d\d?[;\]].+ios/i
            ],
            [MODEL, [VENDOR, APPLE], [TYPE, TABLET]],
            [
              /(macintosh);/i
            ],
            [MODEL, [VENDOR, APPLE]],
            [
              // Sharp
              /\b(sh-?[altvz]?\d\d[a-ekm]?)/i
            ],
            [MODEL, [VENDOR, SHARP], [TYPE, MOBILE]],
            [
              // Honor
              /\b((?:brt|eln|hey2?|gdi|jdn)-a?[lnw]09|(?:ag[rm]3?|jdn2|kob2)-a?[lw]0[09]hn)(?: bui|\)|;)/i
            ],
            [MODEL, [VENDOR, HONOR], [TYPE, TABLET]],
            [
              /honor([-\w ]+)[;\)]/i
            ],
            [MODEL, [VENDOR, HONOR], [TYPE, MOBILE]],
            [
              // Huawei
              /\b((?:ag[rs][2356]?k?|bah[234]?|bg[2o]|bt[kv]|cmr|cpn|db[ry]2?|jdn2|got|kob2?k?|mon|pce|scm|sht?|[tw]gr|vrd)-[ad]?[lw][0125][09]b?|605hw|bg2-u03|(?:gem|fdr|m2|ple|t1)-[7a]0[1-4][lu]|t1-a2[13][lw]|mediapad[\w\. ]*(?= bui|\)))\b(?!.+d\/s)/i
            ],
            [MODEL, [VENDOR, HUAWEI], [TYPE, TABLET]],
            [
              /(?:huawei)([-\w ]+)[;\)]/i,
              /\b(nexus 6p|\w{2,4}e?-[atu]?[ln][\dx][012359c][adn]?)\b(?!.+d\/s)/i
            ],
            [MODEL, [VENDOR, HUAWEI], [TYPE, MOBILE]],
            [
              // Xiaomi
              /oid[^\)]+; (2[\dbc]{4}(182|283|rp\w{2})[cgl]|m2105k81a?c)(?: bui|\))/i,
              /\b((?:red)?mi[-_ ]?pad[\w- ]*)(?: bui|\))/i
              // Mi Pad tablets
            ],
            [[MODEL, /_/g, " "], [VENDOR, XIAOMI], [TYPE, TABLET]],
            [
              /\b(poco[\w ]+|m2\d{3}j\d\d[a-z]{2})(?: bui|\))/i,
              // Xiaomi POCO
              /\b; (\w+) build\/hm\1/i,
              // Xiaomi Hongmi 'numeric' models
              /\b(hm[-_ ]?note?[_ ]?(?:\d\w)?) bui/i,
              // Xiaomi Hongmi
              /\b(redmi[\-_ ]?(?:note|k)?[\w_ ]+)(?: bui|\))/i,
              // Xiaomi Redmi
              /oid[^\)]+; (m?[12][0-389][01]\w{3,6}[c-y])( bui|; wv|\))/i,
              // Xiaomi Redmi 'numeric' models
              /\b(mi[-_ ]?(?:a\d|one|one[_ ]plus|note lte|max|cc)?[_ ]?(?:\d?\w?)[_ ]?(?:plus|se|lite|pro)?)(?: bui|\))/i,
              // Xiaomi Mi
              / ([\w ]+) miui\/v?\d/i
            ],
            [[MODEL, /_/g, " "], [VENDOR, XIAOMI], [TYPE, MOBILE]],
            [
              // OPPO
              /; (\w+) bui.+ oppo/i,
              /\b(cph[12]\d{3}|p(?:af|c[al]|d\w|e[ar])[mt]\d0|x9007|a101op)\b/i
            ],
            [MODEL, [VENDOR, OPPO], [TYPE, MOBILE]],
            [
              /\b(opd2(\d{3}a?))(?: bui|\))/i
            ],
            [MODEL, [VENDOR, strMapper, { "OnePlus": ["304", "403", "203"], "*": OPPO }], [TYPE, TABLET]],
            [
              // Vivo
              /vivo (\w+)(?: bui|\))/i,
              /\b(v[12]\d{3}\w?[at])(?: bui|;)/i
            ],
            [MODEL, [VENDOR, "Vivo"], [TYPE, MOBILE]],
            [
              // Realme
              /\b(rmx[1-3]\d{3})(?: bui|;|\))/i
            ],
            [MODEL, [VENDOR, "Realme"], [TYPE, MOBILE]],
            [
              // Motorola
              /\b(milestone|droid(?:[2-4x]| (?:bionic|x2|pro|razr))?:?( 4g)?)\b[\w ]+build\//i,
              /\bmot(?:orola)?[- ](\w*)/i,
              /((?:moto(?! 360)[\w\(\) ]+|xt\d{3,4}|nexus 6)(?= bui|\)))/i
            ],
            [MODEL, [VENDOR, MOTOROLA], [TYPE, MOBILE]],
            [
              /\b(mz60\d|xoom[2 ]{0,2}) build\//i
            ],
            [MODEL, [VENDOR, MOTOROLA], [TYPE, TABLET]],
            [
              // LG
              /((?=lg)?[vl]k\-?\d{3}) bui| 3\.[-\w; ]{10}lg?-([06cv9]{3,4})/i
            ],
            [MODEL, [VENDOR, LG], [TYPE, TABLET]],
            [
              /(lm(?:-?f100[nv]?|-[\w\.]+)(?= bui|\))|nexus [45])/i,
              /\blg[-e;\/ ]+((?!browser|netcast|android tv|watch)\w+)/i,
              /\blg-?([\d\w]+) bui/i
            ],
            [MODEL, [VENDOR, LG], [TYPE, MOBILE]],
            [
              // Lenovo
              /(ideatab[-\w ]+|602lv|d-42a|a101lv|a2109a|a3500-hv|s[56]000|pb-6505[my]|tb-?x?\d{3,4}(?:f[cu]|xu|[av])|yt\d?-[jx]?\d+[lfmx])( bui|;|\)|\/)/i,
              /lenovo ?(b[68]0[08]0-?[hf]?|tab(?:[\w- ]+?)|tb[\w-]{6,7})( bui|;|\)|\/)/i
            ],
            [MODEL, [VENDOR, LENOVO], [TYPE, TABLET]],
            [
              // Nokia
              /(nokia) (t[12][01])/i
            ],
            [VENDOR, MODEL, [TYPE, TABLET]],
            [
              /(?:maemo|nokia).*(n900|lumia \d+|rm-\d+)/i,
              /nokia[-_ ]?(([-\w\. ]*))/i
            ],
            [[MODEL, /_/g, " "], [TYPE, MOBILE], [VENDOR, "Nokia"]],
            [
              // Google
              /(pixel (c|tablet))\b/i
              // Google Pixel C/Tablet
            ],
            [MODEL, [VENDOR, GOOGLE], [TYPE, TABLET]],
            [
              /droid.+; (pixel[\daxl ]{0,6})(?: bui|\))/i
              // Google Pixel
            ],
            [MODEL, [VENDOR, GOOGLE], [TYPE, MOBILE]],
            [
              // Sony
              /droid.+; (a?\d[0-2]{2}so|[c-g]\d{4}|so[-gl]\w+|xq-a\w[4-7][12])(?= bui|\).+chrome\/(?![1-6]{0,1}\d\.))/i
            ],
            [MODEL, [VENDOR, SONY], [TYPE, MOBILE]],
            [
              /sony tablet [ps]/i,
              /\b(?:sony)?sgp\w+(?: bui|\))/i
            ],
            [[MODEL, "Xperia Tablet"], [VENDOR, SONY], [TYPE, TABLET]],
            [
              // OnePlus
              / (kb2005|in20[12]5|be20[12][59])\b/i,
              /(?:one)?(?:plus)? (a\d0\d\d)(?: b|\))/i
            ],
            [MODEL, [VENDOR, ONEPLUS], [TYPE, MOBILE]],
            [
              // Amazon
              /(alexa)webm/i,
              /(kf[a-z]{2}wi|aeo(?!bc)\w\w)( bui|\))/i,
              // Kindle Fire without Silk / Echo Show
              /(kf[a-z]+)( bui|\)).+silk\//i
              // Kindle Fire HD
            ],
            [MODEL, [VENDOR, AMAZON], [TYPE, TABLET]],
            [
              /((?:sd|kf)[0349hijorstuw]+)( bui|\)).+silk\//i
              // Fire Phone
            ],
            [[MODEL, /(.+)/g, "Fire Phone $1"], [VENDOR, AMAZON], [TYPE, MOBILE]],
            [
              // BlackBerry
              /(playbook);[-\w\),; ]+(rim)/i
              // BlackBerry PlayBook
            ],
            [MODEL, VENDOR, [TYPE, TABLET]],
            [
              /\b((?:bb[a-f]|st[hv])100-\d)/i,
              /\(bb10; (\w+)/i
              // BlackBerry 10
            ],
            [MODEL, [VENDOR, BLACKBERRY], [TYPE, MOBILE]],
            [
              // Asus
              /(?:\b|asus_)(transfo[prime ]{4,10} \w+|eeepc|slider \w+|nexus 7|padfone|p00[cj])/i
            ],
            [MODEL, [VENDOR, ASUS], [TYPE, TABLET]],
            [
              / (z[bes]6[027][012][km][ls]|zenfone \d\w?)\b/i
            ],
            [MODEL, [VENDOR, ASUS], [TYPE, MOBILE]],
            [
              // HTC
              /(nexus 9)/i
              // HTC Nexus 9
            ],
            [MODEL, [VENDOR, "HTC"], [TYPE, TABLET]],
            [
              /(htc)[-;_ ]{1,2}([\w ]+(?=\)| bui)|\w+)/i,
              // HTC
              // ZTE
              /(zte)[- ]([\w ]+?)(?: bui|\/|\))/i,
              /(alcatel|geeksphone|nexian|panasonic(?!(?:;|\.))|sony(?!-bra))[-_ ]?([-\w]*)/i
              // Alcatel/GeeksPhone/Nexian/Panasonic/Sony
            ],
            [VENDOR, [MODEL, /_/g, " "], [TYPE, MOBILE]],
            [
              // TCL
              /droid [\w\.]+; ((?:8[14]9[16]|9(?:0(?:48|60|8[01])|1(?:3[27]|66)|2(?:6[69]|9[56])|466))[gqswx])\w*(\)| bui)/i
            ],
            [MODEL, [VENDOR, "TCL"], [TYPE, TABLET]],
            [
              // itel
              /(itel) ((\w+))/i
            ],
            [[VENDOR, lowerize], MODEL, [TYPE, strMapper, { "tablet": ["p10001l", "w7001"], "*": "mobile" }]],
            [
              // Acer
              /droid.+; ([ab][1-7]-?[0178a]\d\d?)/i
            ],
            [MODEL, [VENDOR, "Acer"], [TYPE, TABLET]],
            [
              // Meizu
              /droid.+; (m[1-5] note) bui/i,
              /\bmz-([-\w]{2,})/i
            ],
            [MODEL, [VENDOR, "Meizu"], [TYPE, MOBILE]],
            [
              // Ulefone
              /; ((?:power )?armor(?:[\w ]{0,8}))(?: bui|\))/i
            ],
            [MODEL, [VENDOR, "Ulefone"], [TYPE, MOBILE]],
            [
              // Energizer
              /; (energy ?\w+)(?: bui|\))/i,
              /; energizer ([\w ]+)(?: bui|\))/i
            ],
            [MODEL, [VENDOR, "Energizer"], [TYPE, MOBILE]],
            [
              // Cat
              /; cat (b35);/i,
              /; (b15q?|s22 flip|s48c|s62 pro)(?: bui|\))/i
            ],
            [MODEL, [VENDOR, "Cat"], [TYPE, MOBILE]],
            [
              // Smartfren
              /((?:new )?andromax[\w- ]+)(?: bui|\))/i
            ],
            [MODEL, [VENDOR, "Smartfren"], [TYPE, MOBILE]],
            [
              // Nothing
              /droid.+; (a(?:015|06[35]|142p?))/i
            ],
            [MODEL, [VENDOR, "Nothing"], [TYPE, MOBILE]],
            [
              // Archos
              /; (x67 5g|tikeasy \w+|ac[1789]\d\w+)( b|\))/i,
              /archos ?(5|gamepad2?|([\w ]*[t1789]|hello) ?\d+[\w ]*)( b|\))/i
            ],
            [MODEL, [VENDOR, "Archos"], [TYPE, TABLET]],
            [
              /archos ([\w ]+)( b|\))/i,
              /; (ac[3-6]\d\w{2,8})( b|\))/i
            ],
            [MODEL, [VENDOR, "Archos"], [TYPE, MOBILE]],
            [
              // MIXED
              /(imo) (tab \w+)/i,
              // IMO
              /(infinix) (x1101b?)/i
              // Infinix XPad
            ],
            [VENDOR, MODEL, [TYPE, TABLET]],
            [
              /(blackberry|benq|palm(?=\-)|sonyericsson|acer|asus(?! zenw)|dell|jolla|meizu|motorola|polytron|infinix|tecno|micromax|advan)[-_ ]?([-\w]*)/i,
              // BlackBerry/BenQ/Palm/Sony-Ericsson/Acer/Asus/Dell/Meizu/Motorola/Polytron/Infinix/Tecno/Micromax/Advan
              /; (hmd|imo) ([\w ]+?)(?: bui|\))/i,
              // HMD/IMO
              /(hp) ([\w ]+\w)/i,
              // HP iPAQ
              /(microsoft); (lumia[\w ]+)/i,
              // Microsoft Lumia
              /(lenovo)[-_ ]?([-\w ]+?)(?: bui|\)|\/)/i,
              // Lenovo
              /(oppo) ?([\w ]+) bui/i
              // OPPO
            ],
            [VENDOR, MODEL, [TYPE, MOBILE]],
            [
              /(kobo)\s(ereader|touch)/i,
              // Kobo
              /(hp).+(touchpad(?!.+tablet)|tablet)/i,
              // HP TouchPad
              /(kindle)\/([\w\.]+)/i,
              // Kindle
              /(nook)[\w ]+build\/(\w+)/i,
              // Nook
              /(dell) (strea[kpr\d ]*[\dko])/i,
              // Dell Streak
              /(le[- ]+pan)[- ]+(\w{1,9}) bui/i,
              // Le Pan Tablets
              /(trinity)[- ]*(t\d{3}) bui/i,
              // Trinity Tablets
              /(gigaset)[- ]+(q\w{1,9}) bui/i,
              // Gigaset Tablets
              /(vodafone) ([\w ]+)(?:\)| bui)/i
              // Vodafone
            ],
            [VENDOR, MODEL, [TYPE, TABLET]],
            [
              /(surface duo)/i
              // Surface Duo
            ],
            [MODEL, [VENDOR, MICROSOFT], [TYPE, TABLET]],
            [
              /droid [\d\.]+; (fp\du?)(?: b|\))/i
              // Fairphone
            ],
            [MODEL, [VENDOR, "Fairphone"], [TYPE, MOBILE]],
            [
              /(u304aa)/i
              // AT&T
            ],
            [MODEL, [VENDOR, "AT&T"], [TYPE, MOBILE]],
            [
              /\bsie-(\w*)/i
              // Siemens
            ],
            [MODEL, [VENDOR, "Siemens"], [TYPE, MOBILE]],
            [
              /\b(rct\w+) b/i
              // RCA Tablets
            ],
            [MODEL, [VENDOR, "RCA"], [TYPE, TABLET]],
            [
              /\b(venue[\d ]{2,7}) b/i
              // Dell Venue Tablets
            ],
            [MODEL, [VENDOR, "Dell"], [TYPE, TABLET]],
            [
              /\b(q(?:mv|ta)\w+) b/i
              // Verizon Tablet
            ],
            [MODEL, [VENDOR, "Verizon"], [TYPE, TABLET]],
            [
              /\b(?:barnes[& ]+noble |bn[rt])([\w\+ ]*) b/i
              // Barnes & Noble Tablet
            ],
            [MODEL, [VENDOR, "Barnes & Noble"], [TYPE, TABLET]],
            [
              /\b(tm\d{3}\w+) b/i
            ],
            [MODEL, [VENDOR, "NuVision"], [TYPE, TABLET]],
            [
              /\b(k88) b/i
              // ZTE K Series Tablet
            ],
            [MODEL, [VENDOR, "ZTE"], [TYPE, TABLET]],
            [
              /\b(nx\d{3}j) b/i
              // ZTE Nubia
            ],
            [MODEL, [VENDOR, "ZTE"], [TYPE, MOBILE]],
            [
              /\b(gen\d{3}) b.+49h/i
              // Swiss GEN Mobile
            ],
            [MODEL, [VENDOR, "Swiss"], [TYPE, MOBILE]],
            [
              /\b(zur\d{3}) b/i
              // Swiss ZUR Tablet
            ],
            [MODEL, [VENDOR, "Swiss"], [TYPE, TABLET]],
            [
              /\b((zeki)?tb.*\b) b/i
              // Zeki Tablets
            ],
            [MODEL, [VENDOR, "Zeki"], [TYPE, TABLET]],
            [
              /\b([yr]\d{2}) b/i,
              /\b(dragon[- ]+touch |dt)(\w{5}) b/i
              // Dragon Touch Tablet
            ],
            [[VENDOR, "Dragon Touch"], MODEL, [TYPE, TABLET]],
            [
              /\b(ns-?\w{0,9}) b/i
              // Insignia Tablets
            ],
            [MODEL, [VENDOR, "Insignia"], [TYPE, TABLET]],
            [
              /\b((nxa|next)-?\w{0,9}) b/i
              // NextBook Tablets
            ],
            [MODEL, [VENDOR, "NextBook"], [TYPE, TABLET]],
            [
              /\b(xtreme\_)?(v(1[045]|2[015]|[3469]0|7[05])) b/i
              // Voice Xtreme Phones
            ],
            [[VENDOR, "Voice"], MODEL, [TYPE, MOBILE]],
            [
              /\b(lvtel\-)?(v1[12]) b/i
              // LvTel Phones
            ],
            [[VENDOR, "LvTel"], MODEL, [TYPE, MOBILE]],
            [
              /\b(ph-1) /i
              // Essential PH-1
            ],
            [MODEL, [VENDOR, "Essential"], [TYPE, MOBILE]],
            [
              /\b(v(100md|700na|7011|917g).*\b) b/i
              // Envizen Tablets
            ],
            [MODEL, [VENDOR, "Envizen"], [TYPE, TABLET]],
            [
              /\b(trio[-\w\. ]+) b/i
              // MachSpeed Tablets
            ],
            [MODEL, [VENDOR, "MachSpeed"], [TYPE, TABLET]],
            [
              /\btu_(1491) b/i
              // Rotor Tablets
            ],
            [MODEL, [VENDOR, "Rotor"], [TYPE, TABLET]],
            [
              /((?:tegranote|shield t(?!.+d tv))[\w- ]*?)(?: b|\))/i
              // Nvidia Tablets
            ],
            [MODEL, [VENDOR, NVIDIA], [TYPE, TABLET]],
            [
              /(sprint) (\w+)/i
              // Sprint Phones
            ],
            [VENDOR, MODEL, [TYPE, MOBILE]],
            [
              /(kin\.[onetw]{3})/i
              // Microsoft Kin
            ],
            [[MODEL, /\./g, " "], [VENDOR, MICROSOFT], [TYPE, MOBILE]],
            [
              /droid.+; (cc6666?|et5[16]|mc[239][23]x?|vc8[03]x?)\)/i
              // Zebra
            ],
            [MODEL, [VENDOR, ZEBRA], [TYPE, TABLET]],
            [
              /droid.+; (ec30|ps20|tc[2-8]\d[kx])\)/i
            ],
            [MODEL, [VENDOR, ZEBRA], [TYPE, MOBILE]],
            [
              ///////////////////
              // SMARTTVS
              ///////////////////
              /smart-tv.+(samsung)/i
              // Samsung
            ],
            [VENDOR, [TYPE, SMARTTV]],
            [
              /hbbtv.+maple;(\d+)/i
            ],
            [[MODEL, /^/, "SmartTV"], [VENDOR, SAMSUNG], [TYPE, SMARTTV]],
            [
              /(nux; netcast.+smarttv|lg (netcast\.tv-201\d|android tv))/i
              // LG SmartTV
            ],
            [[VENDOR, LG], [TYPE, SMARTTV]],
            [
              /(apple) ?tv/i
              // Apple TV
            ],
            [VENDOR, [MODEL, APPLE + " TV"], [TYPE, SMARTTV]],
            [
              /crkey/i
              // Google Chromecast
            ],
            [[MODEL, CHROME + "cast"], [VENDOR, GOOGLE], [TYPE, SMARTTV]],
            [
              /droid.+aft(\w+)( bui|\))/i
              // Fire TV
            ],
            [MODEL, [VENDOR, AMAZON], [TYPE, SMARTTV]],
            [
              /(shield \w+ tv)/i
              // Nvidia Shield TV
            ],
            [MODEL, [VENDOR, NVIDIA], [TYPE, SMARTTV]],
            [
              /\(dtv[\);].+(aquos)/i,
              /(aquos-tv[\w ]+)\)/i
              // Sharp
            ],
            [MODEL, [VENDOR, SHARP], [TYPE, SMARTTV]],
            [
              /(bravia[\w ]+)( bui|\))/i
              // Sony
            ],
            [MODEL, [VENDOR, SONY], [TYPE, SMARTTV]],
            [
              /(mi(tv|box)-?\w+) bui/i
              // Xiaomi
            ],
            [MODEL, [VENDOR, XIAOMI], [TYPE, SMARTTV]],
            [
              /Hbbtv.*(technisat) (.*);/i
              // TechniSAT
            ],
            [VENDOR, MODEL, [TYPE, SMARTTV]],
            [
              /\b(roku)[\dx]*[\)\/]((?:dvp-)?[\d\.]*)/i,
              // Roku
              /hbbtv\/\d+\.\d+\.\d+ +\([\w\+ ]*; *([\w\d][^;]*);([^;]*)/i
              // HbbTV devices
            ],
            [[VENDOR, trim], [MODEL, trim], [TYPE, SMARTTV]],
            [
              // SmartTV from Unidentified Vendors
              /droid.+; ([\w- ]+) (?:android tv|smart[- ]?tv)/i
            ],
            [MODEL, [TYPE, SMARTTV]],
            [
              /\b(android tv|smart[- ]?tv|opera tv|tv; rv:)\b/i
            ],
            [[TYPE, SMARTTV]],
            [
              ///////////////////
              // CONSOLES
              ///////////////////
              /(ouya)/i,
              // Ouya
              /(nintendo) ([wids3utch]+)/i
              // Nintendo
            ],
            [VENDOR, MODEL, [TYPE, CONSOLE]],
            [
              /droid.+; (shield)( bui|\))/i
              // Nvidia Portable
            ],
            [MODEL, [VENDOR, NVIDIA], [TYPE, CONSOLE]],
            [
              /(playstation \w+)/i
              // Playstation
            ],
            [MODEL, [VENDOR, SONY], [TYPE, CONSOLE]],
            [
              /\b(xbox(?: one)?(?!; xbox))[\); ]/i
              // Microsoft Xbox
            ],
            [MODEL, [VENDOR, MICROSOFT], [TYPE, CONSOLE]],
            [
              ///////////////////
              // WEARABLES
              ///////////////////
              /\b(sm-[lr]\d\d[0156][fnuw]?s?|gear live)\b/i
              // Samsung Galaxy Watch
            ],
            [MODEL, [VENDOR, SAMSUNG], [TYPE, WEARABLE]],
            [
              /((pebble))app/i,
              // Pebble
              /(asus|google|lg|oppo) ((pixel |zen)?watch[\w ]*)( bui|\))/i
              // Asus ZenWatch / LG Watch / Pixel Watch
            ],
            [VENDOR, MODEL, [TYPE, WEARABLE]],
            [
              /(ow(?:19|20)?we?[1-3]{1,3})/i
              // Oppo Watch
            ],
            [MODEL, [VENDOR, OPPO], [TYPE, WEARABLE]],
            [
              /(watch)(?: ?os[,\/]|\d,\d\/)[\d\.]+/i
              // Apple Watch
            ],
            [MODEL, [VENDOR, APPLE], [TYPE, WEARABLE]],
            [
              /(opwwe\d{3})/i
              // OnePlus Watch
            ],
            [MODEL, [VENDOR, ONEPLUS], [TYPE, WEARABLE]],
            [
              /(moto 360)/i
              // Motorola 360
            ],
            [MODEL, [VENDOR, MOTOROLA], [TYPE, WEARABLE]],
            [
              /(smartwatch 3)/i
              // Sony SmartWatch
            ],
            [MODEL, [VENDOR, SONY], [TYPE, WEARABLE]],
            [
              /(g watch r)/i
              // LG G Watch R
            ],
            [MODEL, [VENDOR, LG], [TYPE, WEARABLE]],
            [
              /droid.+; (wt63?0{2,3})\)/i
            ],
            [MODEL, [VENDOR, ZEBRA], [TYPE, WEARABLE]],
            [
              ///////////////////
              // XR
              ///////////////////
              /droid.+; (glass) \d/i
              // Google Glass
            ],
            [MODEL, [VENDOR, GOOGLE], [TYPE, WEARABLE]],
            [
              /(pico) (4|neo3(?: link|pro)?)/i
              // Pico
            ],
            [VENDOR, MODEL, [TYPE, WEARABLE]],
            [
              /; (quest( \d| pro)?)/i
              // Oculus Quest
            ],
            [MODEL, [VENDOR, FACEBOOK], [TYPE, WEARABLE]],
            [
              ///////////////////
              // EMBEDDED
              ///////////////////
              /(tesla)(?: qtcarbrowser|\/[-\w\.]+)/i
              // Tesla
            ],
            [VENDOR, [TYPE, EMBEDDED]],
            [
              /(aeobc)\b/i
              // Echo Dot
            ],
            [MODEL, [VENDOR, AMAZON], [TYPE, EMBEDDED]],
            [
              /(homepod).+mac os/i
              // Apple HomePod
            ],
            [MODEL, [VENDOR, APPLE], [TYPE, EMBEDDED]],
            [
              /windows iot/i
            ],
            [[TYPE, EMBEDDED]],
            [
              ////////////////////
              // MIXED (GENERIC)
              ///////////////////
              /droid .+?; ([^;]+?)(?: bui|; wv\)|\) applew).+? mobile safari/i
              // Android Phones from Unidentified Vendors
            ],
            [MODEL, [TYPE, MOBILE]],
            [
              /droid .+?; ([^;]+?)(?: bui|\) applew).+?(?! mobile) safari/i
              // Android Tablets from Unidentified Vendors
            ],
            [MODEL, [TYPE, TABLET]],
            [
              /\b((tablet|tab)[;\/]|focus\/\d(?!.+mobile))/i
              // Unidentifiable Tablet
            ],
            [[TYPE, TABLET]],
            [
              /(phone|mobile(?:[;\/]| [ \w\/\.]*safari)|pda(?=.+windows ce))/i
              // Unidentifiable Mobile
            ],
            [[TYPE, MOBILE]],
            [
              /droid .+?; ([\w\. -]+)( bui|\))/i
              // Generic Android Device
            ],
            [MODEL, [VENDOR, "Generic"]]
          ],
          engine: [
            [
              /windows.+ edge\/([\w\.]+)/i
              // EdgeHTML
            ],
            [VERSION, [NAME, EDGE + "HTML"]],
            [
              /(arkweb)\/([\w\.]+)/i
              // ArkWeb
            ],
            [NAME, VERSION],
            [
              /webkit\/537\.36.+chrome\/(?!27)([\w\.]+)/i
              // Blink
            ],
            [VERSION, [NAME, "Blink"]],
            [
              /(presto)\/([\w\.]+)/i,
              // Presto
              /(webkit|trident|netfront|netsurf|amaya|lynx|w3m|goanna|servo)\/([\w\.]+)/i,
              // WebKit/Trident/NetFront/NetSurf/Amaya/Lynx/w3m/Goanna/Servo
              /ekioh(flow)\/([\w\.]+)/i,
              // Flow
              /(khtml|tasman|links)[\/ ]\(?([\w\.]+)/i,
              // KHTML/Tasman/Links
              /(icab)[\/ ]([23]\.[\d\.]+)/i,
              // iCab
              /\b(libweb)/i
              // LibWeb
            ],
            [NAME, VERSION],
            [
              /ladybird\//i
            ],
            [[NAME, "LibWeb"]],
            [
              /rv\:([\w\.]{1,9})\b.+(gecko)/i
              // Gecko
            ],
            [VERSION, NAME]
          ],
          os: [
            [
              // Windows
              /microsoft (windows) (vista|xp)/i
              // Windows (iTunes)
            ],
            [NAME, VERSION],
            [
              /(windows (?:phone(?: os)?|mobile|iot))[\/ ]?([\d\.\w ]*)/i
              // Windows Phone
            ],
            [NAME, [VERSION, strMapper, windowsVersionMap]],
            [
              /windows nt 6\.2; (arm)/i,
              // Windows RT
              /windows[\/ ]([ntce\d\. ]+\w)(?!.+xbox)/i,
              /(?:win(?=3|9|n)|win 9x )([nt\d\.]+)/i
            ],
            [[VERSION, strMapper, windowsVersionMap], [NAME, "Windows"]],
            [
              // iOS/macOS
              /[adehimnop]{4,7}\b(?:.*os ([\w]+) like mac|; opera)/i,
              // iOS
              /(?:ios;fbsv\/|iphone.+ios[\/ ])([\d\.]+)/i,
              /cfnetwork\/.+darwin/i
            ],
            [[VERSION, /_/g, "."], [NAME, "iOS"]],
            [
              /(mac os x) ?([\w\. ]*)/i,
              /(macintosh|mac_powerpc\b)(?!.+haiku)/i
              // Mac OS
            ],
            [[NAME, MAC_OS], [VERSION, /_/g, "."]],
            [
              // Mobile OSes
              /droid ([\w\.]+)\b.+(android[- ]x86|harmonyos)/i
              // Android-x86/HarmonyOS
            ],
            [VERSION, NAME],
            [
              /(ubuntu) ([\w\.]+) like android/i
              // Ubuntu Touch
            ],
            [[NAME, /(.+)/, "$1 Touch"], VERSION],
            [
              // Android/Blackberry/WebOS/QNX/Bada/RIM/KaiOS/Maemo/MeeGo/S40/Sailfish OS/OpenHarmony/Tizen
              /(android|bada|blackberry|kaios|maemo|meego|openharmony|qnx|rim tablet os|sailfish|series40|symbian|tizen|webos)\w*[-\/; ]?([\d\.]*)/i
            ],
            [NAME, VERSION],
            [
              /\(bb(10);/i
              // BlackBerry 10
            ],
            [VERSION, [NAME, BLACKBERRY]],
            [
              /(?:symbian ?os|symbos|s60(?=;)|series ?60)[-\/ ]?([\w\.]*)/i
              // Symbian
            ],
            [VERSION, [NAME, "Symbian"]],
            [
              /mozilla\/[\d\.]+ \((?:mobile|tablet|tv|mobile; [\w ]+); rv:.+ gecko\/([\w\.]+)/i
              // Firefox OS
            ],
            [VERSION, [NAME, FIREFOX + " OS"]],
            [
              /web0s;.+rt(tv)/i,
              /\b(?:hp)?wos(?:browser)?\/([\w\.]+)/i
              // WebOS
            ],
            [VERSION, [NAME, "webOS"]],
            [
              /watch(?: ?os[,\/]|\d,\d\/)([\d\.]+)/i
              // watchOS
            ],
            [VERSION, [NAME, "watchOS"]],
            [
              // Google Chromecast
              /crkey\/([\d\.]+)/i
              // Google Chromecast
            ],
            [VERSION, [NAME, CHROME + "cast"]],
            [
              /(cros) [\w]+(?:\)| ([\w\.]+)\b)/i
              // Chromium OS
            ],
            [[NAME, CHROMIUM_OS], VERSION],
            [
              // Smart TVs
              /panasonic;(viera)/i,
              // Panasonic Viera
              /(netrange)mmh/i,
              // Netrange
              /(nettv)\/(\d+\.[\w\.]+)/i,
              // NetTV
              // Console
              /(nintendo|playstation) ([wids345portablevuch]+)/i,
              // Nintendo/Playstation
              /(xbox); +xbox ([^\);]+)/i,
              // Microsoft Xbox (360, One, X, S, Series X, Series S)
              // Other
              /\b(joli|palm)\b ?(?:os)?\/?([\w\.]*)/i,
              // Joli/Palm
              /(mint)[\/\(\) ]?(\w*)/i,
              // Mint
              /(mageia|vectorlinux)[; ]/i,
              // Mageia/VectorLinux
              /([kxln]?ubuntu|debian|suse|opensuse|gentoo|arch(?= linux)|slackware|fedora|mandriva|centos|pclinuxos|red ?hat|zenwalk|linpus|raspbian|plan 9|minix|risc os|contiki|deepin|manjaro|elementary os|sabayon|linspire)(?: gnu\/linux)?(?: enterprise)?(?:[- ]linux)?(?:-gnu)?[-\/ ]?(?!chrom|package)([-\w\.]*)/i,
              // Ubuntu/Debian/SUSE/Gentoo/Arch/Slackware/Fedora/Mandriva/CentOS/PCLinuxOS/RedHat/Zenwalk/Linpus/Raspbian/Plan9/Minix/RISCOS/Contiki/Deepin/Manjaro/elementary/Sabayon/Linspire
              /(hurd|linux)(?: arm\w*| x86\w*| ?)([\w\.]*)/i,
              // Hurd/Linux
              /(gnu) ?([\w\.]*)/i,
              // GNU
              /\b([-frentopcghs]{0,5}bsd|dragonfly)[\/ ]?(?!amd|[ix346]{1,2}86)([\w\.]*)/i,
              // FreeBSD/NetBSD/OpenBSD/PC-BSD/GhostBSD/DragonFly
              /(haiku) (\w+)/i
              // Haiku
            ],
            [NAME, VERSION],
            [
              /(sunos) ?([\w\.\d]*)/i
              // Solaris
            ],
            [[NAME, "Solaris"], VERSION],
            [
              /((?:open)?solaris)[-\/ ]?([\w\.]*)/i,
              // Solaris
              /(aix) ((\d)(?=\.|\)| )[\w\.])*/i,
              // AIX
              /\b(beos|os\/2|amigaos|morphos|openvms|fuchsia|hp-ux|serenityos)/i,
              // BeOS/OS2/AmigaOS/MorphOS/OpenVMS/Fuchsia/HP-UX/SerenityOS
              /(unix) ?([\w\.]*)/i
              // UNIX
            ],
            [NAME, VERSION]
          ]
        };
        var UAParser2 = function(ua, extensions) {
          if (typeof ua === OBJ_TYPE) {
            extensions = ua;
            ua = undefined2;
          }
          if (!(this instanceof UAParser2)) {
            return new UAParser2(ua, extensions).getResult();
          }
          var _navigator = typeof window2 !== UNDEF_TYPE && window2.navigator ? window2.navigator : undefined2;
          var _ua = ua || (_navigator && _navigator.userAgent ? _navigator.userAgent : EMPTY);
          var _uach = _navigator && _navigator.userAgentData ? _navigator.userAgentData : undefined2;
          var _rgxmap = extensions ? extend(regexes, extensions) : regexes;
          var _isSelfNav = _navigator && _navigator.userAgent == _ua;
          this.getBrowser = function() {
            var _browser = {};
            _browser[NAME] = undefined2;
            _browser[VERSION] = undefined2;
            rgxMapper.call(_browser, _ua, _rgxmap.browser);
            _browser[MAJOR] = majorize(_browser[VERSION]);
            if (_isSelfNav && _navigator && _navigator.brave && typeof _navigator.brave.isBrave == FUNC_TYPE) {
              _browser[NAME] = "Brave";
            }
            return _browser;
          };
          this.getCPU = function() {
            var _cpu = {};
            _cpu[ARCHITECTURE] = undefined2;
            rgxMapper.call(_cpu, _ua, _rgxmap.cpu);
            return _cpu;
          };
          this.getDevice = function() {
            var _device = {};
            _device[VENDOR] = undefined2;
            _device[MODEL] = undefined2;
            _device[TYPE] = undefined2;
            rgxMapper.call(_device, _ua, _rgxmap.device);
            if (_isSelfNav && !_device[TYPE] && _uach && _uach.mobile) {
              _device[TYPE] = MOBILE;
            }
            if (_isSelfNav && _device[MODEL] == "Macintosh" && _navigator && typeof _navigator.standalone !== UNDEF_TYPE && _navigator.maxTouchPoints && _navigator.maxTouchPoints > 2) {
              _device[MODEL] = "iPad";
              _device[TYPE] = TABLET;
            }
            return _device;
          };
          this.getEngine = function() {
            var _engine = {};
            _engine[NAME] = undefined2;
            _engine[VERSION] = undefined2;
            rgxMapper.call(_engine, _ua, _rgxmap.engine);
            return _engine;
          };
          this.getOS = function() {
            var _os = {};
            _os[NAME] = undefined2;
            _os[VERSION] = undefined2;
            rgxMapper.call(_os, _ua, _rgxmap.os);
            if (_isSelfNav && !_os[NAME] && _uach && _uach.platform && _uach.platform != "Unknown") {
              _os[NAME] = _uach.platform.replace(/chrome os/i, CHROMIUM_OS).replace(/macos/i, MAC_OS);
            }
            return _os;
          };
          this.getResult = function() {
            return {
              ua: this.getUA(),
              browser: this.getBrowser(),
              engine: this.getEngine(),
              os: this.getOS(),
              device: this.getDevice(),
              cpu: this.getCPU()
            };
          };
          this.getUA = function() {
            return _ua;
          };
          this.setUA = function(ua2) {
            _ua = typeof ua2 === STR_TYPE && ua2.length > UA_MAX_LENGTH ? trim(ua2, UA_MAX_LENGTH) : ua2;
            return this;
          };
          this.setUA(_ua);
          return this;
        };
        UAParser2.VERSION = LIBVERSION;
        UAParser2.BROWSER = enumerize([NAME, VERSION, MAJOR]);
        UAParser2.CPU = enumerize([ARCHITECTURE]);
        UAParser2.DEVICE = enumerize([MODEL, VENDOR, TYPE, CONSOLE, MOBILE, SMARTTV, TABLET, WEARABLE, EMBEDDED]);
        UAParser2.ENGINE = UAParser2.OS = enumerize([NAME, VERSION]);
        if (typeof exports !== UNDEF_TYPE) {
          if (typeof module !== UNDEF_TYPE && module.exports) {
            exports = module.exports = UAParser2;
          }
          exports.UAParser = UAParser2;
        } else {
          if (typeof define === FUNC_TYPE && define.amd) {
            define(function() {
              return UAParser2;
            });
          } else if (typeof window2 !== UNDEF_TYPE) {
            window2.UAParser = UAParser2;
          }
        }
        var $ = typeof window2 !== UNDEF_TYPE && (window2.jQuery || window2.Zepto);
        if ($ && !$.ua) {
          var parser = new UAParser2();
          $.ua = parser.getResult();
          $.ua.get = function() {
            return parser.getUA();
          };
          $.ua.set = function(ua) {
            parser.setUA(ua);
            var result = parser.getResult();
            for (var prop in result) {
              $.ua[prop] = result[prop];
            }
          };
        }
      })(typeof window === "object" ? window : exports);
    }
  });

  // src/index.ts
  var index_exports = {};
  __export(index_exports, {
    LeaderBook: () => LeaderBook,
    RefreshCoordinator: () => RefreshCoordinator,
    SESSION_ENDED_CODES: () => SESSION_ENDED_CODES,
    STALE_ACCESS_CODES: () => STALE_ACCESS_CODES,
    ScLinkDevice: () => ScLinkDevice,
    ScSessionTimeout: () => ScSessionTimeout,
    ScSessions: () => ScSessions,
    SessionClient: () => SessionClient,
    SessionClusterError: () => SessionClusterError,
    SseParser: () => SseParser,
    backoffDelay: () => backoffDelay,
    classifyCall: () => classifyCall,
    classifyRefresh: () => classifyRefresh,
    defaultClient: () => defaultClient,
    defineElements: () => defineElements,
    describeUserAgent: () => describeUserAgent,
    parseRetryAfter: () => parseRetryAfter
  });

  // src/backoff.ts
  var DEFAULT_BACKOFF = { baseMs: 500, maxMs: 3e4 };
  function backoffDelay(attempt, options = DEFAULT_BACKOFF, retryAfterMs = null) {
    const random = options.random ?? Math.random;
    const step = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
    const jittered = step / 2 + random() * (step / 2);
    if (retryAfterMs !== null && retryAfterMs >= 0) {
      return Math.max(retryAfterMs + random() * options.baseMs, jittered);
    }
    return jittered;
  }
  function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  // src/errors.ts
  var SESSION_ENDED_CODES = /* @__PURE__ */ new Set([
    "session_expired",
    "session_revoked",
    "refresh_token_reused"
  ]);
  var STALE_ACCESS_CODES = /* @__PURE__ */ new Set(["access_token_expired", "token_invalid"]);
  function classifyCall(status, code, retryAfter = null) {
    if (status === "network") {
      return { kind: "transient", retryAfterMs: null };
    }
    if (status === 429 || status === 502 || status === 503 || status === 504) {
      return { kind: "transient", retryAfterMs: parseRetryAfter(retryAfter) };
    }
    if (status === 401 && code !== null) {
      if (SESSION_ENDED_CODES.has(code)) {
        return { kind: "ended", reason: endReasonOf(code), code };
      }
      if (STALE_ACCESS_CODES.has(code)) {
        return { kind: "refresh" };
      }
    }
    if (status === 403 && code === "csrf_invalid") {
      return { kind: "csrf" };
    }
    return status >= 200 && status < 400 ? { kind: "ok" } : { kind: "fail" };
  }
  function classifyRefresh(status, code, retryAfter = null) {
    if (status === "network") {
      return { kind: "transient", retryAfterMs: null };
    }
    if (status === 429 || status >= 500) {
      return { kind: "transient", retryAfterMs: parseRetryAfter(retryAfter) };
    }
    if (status === 401) {
      if (code !== null && SESSION_ENDED_CODES.has(code)) {
        return { kind: "ended", reason: endReasonOf(code), code };
      }
      return { kind: "ended", reason: "signedOut", code: code ?? "token_invalid" };
    }
    if (status === 403 && code === "csrf_invalid") {
      return { kind: "csrf" };
    }
    return status >= 200 && status < 300 ? { kind: "ok" } : { kind: "fail" };
  }
  function endReasonOf(code) {
    switch (code) {
      case "session_expired":
        return "expired";
      case "session_revoked":
      case "refresh_token_reused":
        return "revoked";
      default:
        return "signedOut";
    }
  }
  function parseRetryAfter(value, now = Date.now()) {
    if (value === null || value.trim() === "") {
      return null;
    }
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed)) {
      return Number(trimmed) * 1e3;
    }
    const at = Date.parse(trimmed);
    return Number.isNaN(at) ? null : Math.max(0, at - now);
  }

  // src/leader.ts
  var LeaderBook = class {
    constructor(selfId, _staleMs, _now = Date.now) {
      this.selfId = selfId;
      this._staleMs = _staleMs;
      this._now = _now;
    }
    selfId;
    _staleMs;
    _now;
    _seen = /* @__PURE__ */ new Map();
    /** Another tab announced itself (or sent anything). */
    heard(tabId) {
      if (tabId !== this.selfId) {
        this._seen.set(tabId, this._now());
      }
    }
    /** Another tab closed (pagehide). */
    gone(tabId) {
      this._seen.delete(tabId);
    }
    /** The tabs alive now, this one included, in id order. */
    live() {
      const now = this._now();
      for (const [id, at] of this._seen) {
        if (now - at > this._staleMs) {
          this._seen.delete(id);
        }
      }
      return [this.selfId, ...this._seen.keys()].sort(compareIds);
    }
    leader() {
      return this.live()[0] ?? this.selfId;
    }
    isLeader() {
      return this.leader() === this.selfId;
    }
    /** Other live tabs, for "is anyone there to ask?". */
    peers() {
      return this.live().length - 1;
    }
  };
  function newTabId(now = Date.now(), random = Math.random) {
    const stamp = Math.floor(now).toString(36).padStart(10, "0");
    const tail = Math.floor(random() * 36 ** 8).toString(36).padStart(8, "0");
    return `${stamp}-${tail}`;
  }
  function compareIds(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  var LockQueue = class {
    _waiting = [];
    _holder = null;
    /** A tab asks for the lock; returns the grant to send now, if the lock was free. */
    request(tab, q) {
      if (this._holder?.q === q || this._waiting.some((w) => w.q === q)) {
        return null;
      }
      this._waiting.push({ tab, q });
      return this.next();
    }
    /** The holder is done; returns the next grant, if anyone waits. */
    release(q) {
      if (this._holder?.q !== q) {
        const i = this._waiting.findIndex((w) => w.q === q);
        if (i >= 0) {
          this._waiting.splice(i, 1);
        }
        return null;
      }
      this._holder = null;
      return this.next();
    }
    /** A tab closed or went silent: its asks are void, and if it held the lock, the next waiter gets it. */
    drop(tab) {
      for (let i = this._waiting.length - 1; i >= 0; i--) {
        if (this._waiting[i].tab === tab) {
          this._waiting.splice(i, 1);
        }
      }
      if (this._holder?.tab === tab) {
        this._holder = null;
        return this.next();
      }
      return null;
    }
    get holder() {
      return this._holder?.tab ?? null;
    }
    next() {
      if (this._holder !== null) {
        return null;
      }
      const head = this._waiting.shift();
      if (head === void 0) {
        return null;
      }
      this._holder = head;
      return head;
    }
  };

  // src/refresh.ts
  var RefreshCoordinator = class {
    constructor(_deps) {
      this._deps = _deps;
    }
    _deps;
    _inFlight = /* @__PURE__ */ new Map();
    /** How many times this tab rotated and adopted (for diagnostics and tests). */
    stats = { rotated: 0, adopted: 0, transientFailures: 0 };
    /** Refreshes unless someone already moved past `usedVersion`. */
    refresh(usedVersion) {
      const key = usedVersion ?? "";
      const running = this._inFlight.get(key);
      if (running !== void 0) {
        return running;
      }
      const attempt = this.run(usedVersion).finally(() => this._inFlight.delete(key));
      this._inFlight.set(key, attempt);
      return attempt;
    }
    async run(usedVersion) {
      const deps = this._deps;
      const now = deps.now ?? Date.now;
      const wait = deps.wait ?? ((ms) => sleep(ms));
      const giveUpAt = now() + (deps.giveUpAfterMs ?? 3e4);
      let failures = 0;
      for (; ; ) {
        const result = await deps.withLock(async () => {
          const current = await deps.read();
          const currentVersion = deps.version(current);
          if (current !== null && currentVersion !== null && currentVersion !== usedVersion) {
            this.stats.adopted++;
            return { kind: "adopted", state: current };
          }
          const rotated = await deps.rotate(current);
          if (rotated.kind === "ok") {
            deps.publish(rotated.state);
            this.stats.rotated++;
            return { kind: "rotated", state: rotated.state };
          }
          return rotated;
        });
        if (result.kind !== "transient") {
          if (failures > 0) {
            deps.onReconnecting?.(false);
          }
          return result;
        }
        this.stats.transientFailures++;
        if (failures === 0) {
          deps.onReconnecting?.(true);
        }
        const delay = backoffDelay(failures++, deps.backoff ?? DEFAULT_BACKOFF, result.retryAfterMs);
        if (now() + delay > giveUpAt) {
          return { kind: "unavailable" };
        }
        await wait(delay);
      }
    }
  };

  // src/sse.ts
  var SseParser = class {
    _buffer = "";
    _data = [];
    _event = "";
    _hasData = false;
    _started = false;
    _pendingCr = false;
    /** The last event id seen (for Last-Event-ID on reconnect). */
    lastEventId = "";
    /** The server's reconnection time, when it sent one. */
    retryMs = null;
    /** Feeds a chunk of decoded text; returns the messages it completed. */
    feed(chunk) {
      let text = chunk;
      if (!this._started && text.length > 0) {
        this._started = true;
        if (text.charCodeAt(0) === 65279) {
          text = text.slice(1);
        }
      }
      if (this._pendingCr && text.startsWith("\n")) {
        text = text.slice(1);
      }
      this._pendingCr = false;
      this._buffer += text;
      const out = [];
      for (; ; ) {
        const match = /\r\n|\r|\n/.exec(this._buffer);
        if (match === null) {
          break;
        }
        if (match[0] === "\r" && match.index === this._buffer.length - 1) {
          this._pendingCr = true;
        }
        const line = this._buffer.slice(0, match.index);
        this._buffer = this._buffer.slice(match.index + match[0].length);
        const message = this.line(line);
        if (message !== null) {
          out.push(message);
        }
      }
      return out;
    }
    line(line) {
      if (line === "") {
        return this.dispatch();
      }
      if (line.startsWith(":")) {
        return null;
      }
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) {
        value = value.slice(1);
      }
      switch (field) {
        case "event":
          this._event = value;
          break;
        case "data":
          this._data.push(value);
          this._hasData = true;
          break;
        case "id":
          if (!value.includes("\0")) {
            this.lastEventId = value;
          }
          break;
        case "retry":
          if (/^\d+$/.test(value)) {
            this.retryMs = Number(value);
          }
          break;
        default:
          break;
      }
      return null;
    }
    dispatch() {
      const hasData = this._hasData;
      const message = { event: this._event === "" ? "message" : this._event, data: this._data.join("\n"), id: this.lastEventId };
      this._data = [];
      this._event = "";
      this._hasData = false;
      return hasData ? message : null;
    }
  };

  // src/client.ts
  var SessionClusterError = class extends Error {
    constructor(status, code, message, retryAfterMs = null) {
      super(message);
      this.status = status;
      this.code = code;
      this.retryAfterMs = retryAfterMs;
      this.name = "SessionClusterError";
    }
    status;
    code;
    retryAfterMs;
  };
  var CSRF_COOKIE = "__Host-sc-csrf";
  var UNSAFE = /^(POST|PUT|PATCH|DELETE)$/i;
  var HELLO_EVERY_MS = 1e3;
  var STREAM_SILENCE_MS = 45e3;
  var PEER_ANSWER_MS = 250;
  var LOCK_WAIT_MS = 5e3;
  var SessionClient = class extends EventTarget {
    mode;
    tabId = newTabId();
    _base;
    _scope;
    _storage;
    _wantEvents;
    _backoff;
    tenant;
    _channel;
    _book = new LeaderBook(this.tabId, HELLO_EVERY_MS * 3);
    _refresher;
    _bearer = null;
    _session = null;
    _state = "starting";
    _leader = false;
    _started = null;
    _stream = null;
    _ended = false;
    _expiring = null;
    _fallbackTimer = null;
    _answers = /* @__PURE__ */ new Map();
    _useLocks;
    /** Fallback lock: the queue (kept by the leader) and this tab's pending asks. */
    _lockQueue = new LockQueue();
    _grants = /* @__PURE__ */ new Map();
    constructor(options = {}) {
      super();
      this.mode = options.mode ?? "cookie";
      this._base = (options.baseUrl ?? "").replace(/\/$/, "");
      this._scope = options.scope ?? "sessioncluster";
      this._storage = options.storage ?? "memory";
      this._wantEvents = options.events ?? true;
      this._backoff = options.backoff ?? DEFAULT_BACKOFF;
      this.tenant = options.tenant;
      this._useLocks = (options.webLocks ?? true) && hasLocks();
      this._channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(`${this._scope}:tabs`) : null;
      this._channel?.addEventListener("message", (e) => this.onTabMessage(e.data));
      this._refresher = new RefreshCoordinator({
        withLock: (fn) => this.withLock(`${this._scope}:refresh`, fn),
        read: () => this.mode === "cookie" ? Promise.resolve(readCookie(CSRF_COOKIE)) : this.readSharedBearer(false),
        version: (s) => s === null ? null : typeof s === "string" ? s : s.refreshToken,
        rotate: (s) => this.rotate(s),
        publish: (s) => {
          if (typeof s !== "string") {
            this.adoptBearer(s);
            this.post({ t: "state", from: this.tabId, state: s });
          }
        },
        onReconnecting: (on) => this.setState(on ? "reconnecting" : this._ended ? "signedOut" : "online"),
        backoff: this._backoff
      });
    }
    /** The session this page is signed in to (null until started, or when signed out). */
    get session() {
      return this._session;
    }
    get state() {
      return this._state;
    }
    /** Whether this tab holds the event stream for all tabs. */
    get isLeader() {
      return this._leader;
    }
    /** The warning in force, if the session is about to end. */
    get expiring() {
      return this._expiring;
    }
    /** How often this tab rotated or adopted a pair (diagnostics). */
    get refreshStats() {
      return { ...this._refresher.stats };
    }
    /** Subscribes to an event; returns the unsubscribe function. */
    on(type, listener) {
      const handler = (e) => listener(e.detail);
      this.addEventListener(type, handler);
      return () => this.removeEventListener(type, handler);
    }
    /**
     * Joins the other tabs, elects a leader and reads the session. Idempotent. A page that is not signed in ends in
     * state `signedOut` (no error).
     */
    start() {
      this._started ??= this.doStart();
      return this._started;
    }
    async doStart() {
      this.post({ t: "hello", from: this.tabId });
      const hello = setInterval(() => {
        this.post({ t: "hello", from: this.tabId });
        if (!this._useLocks) {
          this.checkFallbackLeader();
        }
      }, HELLO_EVERY_MS);
      globalThis.addEventListener?.("pagehide", () => {
        clearInterval(hello);
        this.post({ t: "bye", from: this.tabId });
      });
      if (this.mode === "bearer") {
        const shared2 = await this.readSharedBearer(true);
        const stored = shared2 ?? this.loadStored();
        if (stored !== null) {
          this.adoptBearer(stored);
        }
      }
      await this.loadSession();
      this.electLeader();
    }
    /** Bearer mode: use a pair the app's back end handed to the page (after sign-in). Shared with every tab. */
    async signIn(pair) {
      await this.start();
      const state = { ...pair, generation: (this._bearer?.generation ?? 0) + 1 };
      this._ended = false;
      this.adoptBearer(state);
      this.post({ t: "state", from: this.tabId, state });
      this.post({ t: "signedIn", from: this.tabId });
      await this.loadSession();
      return this._session;
    }
    /**
     * Cookie mode: trade the refresh token the app handed to the page for HttpOnly cookies (the pair is rotated,
     * so the tokens script saw stop working).
     */
    async startCookieMode(refreshToken) {
      await this.start();
      const res = await fetch(this.url("/v1/me/cookie"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refreshToken })
      });
      if (!res.ok) {
        throw await toError(res);
      }
      this._ended = false;
      this.post({ t: "signedIn", from: this.tabId });
      await this.loadSession();
      return this._session;
    }
    // ---- the app's calls --------------------------------------------------------------------------------------
    /**
     * `fetch` for the app's own calls (and SessionCluster's /v1/me): attaches the credential (bearer header, or the
     * cookie plus X-CSRF-Token on unsafe methods), refreshes once across all tabs on a stale access token and retries,
     * and retries transient failures of idempotent calls with backoff. It never signs the user out on a network
     * error, 429 or 5xx; a session code of a 401 ends the session (the response is still returned).
     * Bodies must be re-sendable (string, Blob, FormData, URLSearchParams), as a call may be sent twice.
     */
    async fetch(input, init = {}) {
      const method = (init.method ?? "GET").toUpperCase();
      const idempotent = !UNSAFE.test(method) || method === "PUT" || method === "DELETE";
      let refreshes = 0;
      let refreshedFor;
      let csrfRetried = false;
      for (let transient = 0; ; ) {
        const used = this.credentialVersion();
        let res;
        try {
          res = await fetch(input, this.withCredential(init, method));
        } catch (error) {
          if (isAbort(error) || !idempotent || transient >= 3) {
            throw error;
          }
          this.setState("reconnecting");
          await sleep(backoffDelay(transient++, this._backoff), init.signal ?? void 0);
          continue;
        }
        const code = await problemCode(res);
        const verdict = classifyCall(res.status, code, res.headers.get("Retry-After"));
        switch (verdict.kind) {
          case "ok":
            if (this._state === "reconnecting" && !this._ended) {
              this.setState("online");
            }
            return res;
          case "refresh": {
            if (refreshes >= 3 || used === refreshedFor || this._ended) {
              return res;
            }
            refreshes++;
            refreshedFor = used;
            const outcome = await this._refresher.refresh(used);
            if (outcome.kind === "ended") {
              this.end({ reason: outcome.reason, code: outcome.code });
              return res;
            }
            if (outcome.kind === "unavailable") {
              return res;
            }
            continue;
          }
          case "csrf":
            if (csrfRetried) {
              return res;
            }
            csrfRetried = true;
            continue;
          case "ended":
            this.end({ reason: verdict.reason, code: verdict.code });
            return res;
          case "transient":
            if (!idempotent || transient >= 3) {
              return res;
            }
            this.setState("reconnecting");
            await sleep(backoffDelay(transient++, this._backoff, verdict.retryAfterMs), init.signal ?? void 0);
            continue;
          default:
            return res;
        }
      }
    }
    // ---- the user's session -----------------------------------------------------------------------------------
    /** GET /v1/me. */
    async me() {
      const session = await this.json("GET", "/v1/me");
      this.setSession(session);
      return session;
    }
    /** The user's active sessions, the current one first. */
    async sessions() {
      const list = await this.json("GET", "/v1/me/sessions");
      return [...list.sessions].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt));
    }
    /** The user's devices (GET /v1/me/devices). */
    async devices() {
      const list = await this.json("GET", "/v1/me/devices");
      return list.devices;
    }
    /** Signs one of the user's sessions out (this one: use logout()). */
    async revokeSession(sessionId) {
      await this.json("DELETE", `/v1/me/sessions/${encodeURIComponent(sessionId)}`);
    }
    /** Signs a device (all its sessions) out. */
    async removeDevice(deviceId) {
      await this.json("DELETE", `/v1/me/devices/${encodeURIComponent(deviceId)}`);
    }
    /** Renews the idle window (never past the absolute cap); closes the warning in every tab. */
    async extend() {
      const session = await this.json("POST", "/v1/me/extend");
      this.setSession(session);
      this.onExtended(session);
      this.post({ t: "extended", from: this.tabId, session });
      return session;
    }
    /** Signs this session out, in every tab. */
    async logout() {
      try {
        await this.json("POST", "/v1/me/logout");
      } finally {
        this.end({ reason: "signedOut", code: "logout" });
      }
    }
    /** Signs every other session of the user out; returns how many. */
    async logoutOthers() {
      const result = await this.json("POST", "/v1/me/logout-others");
      return result.revoked;
    }
    /** Hides the expiry warning in every tab without extending (e.g. the user chose to save work first). */
    dismissWarning() {
      const expiresAt = this._expiring?.expiresAt;
      if (expiresAt !== void 0) {
        this.onDismissed(expiresAt);
        this.post({ t: "dismiss", from: this.tabId, expiresAt });
      }
    }
    // ---- device linking ---------------------------------------------------------------------------------------
    /** The signed-in side: approves the code the new device shows. */
    async approveDeviceLink(userCode) {
      return this.json("POST", "/v1/me/device-links/approve", { userCode });
    }
    /**
     * The new (signed-out) side: asks for a code to show, then `wait()` long-polls until a signed-in device approves
     * it. In cookie mode the session arrives as cookies (script never sees the tokens); in bearer mode as a pair this
     * client adopts. Needs `tenant`, and the tenant must allow public device links.
     */
    async startDeviceLink(device = {}, tenant = this.tenant) {
      if (tenant === void 0 || tenant === "") {
        throw new SessionClusterError(0, "validation_failed", "startDeviceLink needs the tenant option.");
      }
      const path = `/v1/public/${encodeURIComponent(tenant)}/device-links`;
      const res = await fetch(this.url(path), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ device: { name: device.name ?? null, type: device.type ?? null }, cookie: this.mode === "cookie" })
      });
      if (!res.ok) {
        throw await toError(res);
      }
      const started = await res.json();
      const wait = async (signal) => {
        for (let failures = 0; ; ) {
          let poll;
          try {
            poll = await fetch(this.url(`${path}/poll`), {
              method: "POST",
              credentials: "same-origin",
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ linkId: started.linkId, waitSeconds: 25, cookie: this.mode === "cookie" }),
              signal: signal ?? null
            });
          } catch (error) {
            if (isAbort(error)) {
              throw error;
            }
            await sleep(backoffDelay(failures++, this._backoff), signal);
            continue;
          }
          if (poll.status === 429 || poll.status >= 500) {
            await sleep(backoffDelay(failures++, this._backoff, retryAfterOf(poll)), signal);
            continue;
          }
          if (!poll.ok) {
            throw await toError(poll);
          }
          failures = 0;
          const body = await poll.json();
          if (body.status === "pending") {
            continue;
          }
          if (body.status !== "approved" || body.session == null) {
            throw new SessionClusterError(410, "link_expired", `The link is ${body.status}; start again.`);
          }
          this._ended = false;
          if (this.mode === "bearer" && "refreshToken" in body.session) {
            await this.signIn({ accessToken: body.session.accessToken, refreshToken: body.session.refreshToken });
          } else {
            this.post({ t: "signedIn", from: this.tabId });
            await this.loadSession();
          }
          return this._session ?? body.session;
        }
      };
      return { userCode: started.userCode, expiresAt: started.expiresAt, wait };
    }
    // ---- internals: HTTP ----------------------------------------------------------------------------------------
    url(path) {
      return this._base + path;
    }
    async json(method, path, body) {
      const init = { method };
      if (body !== void 0) {
        init.body = JSON.stringify(body);
        init.headers = { "Content-Type": "application/json" };
      }
      const res = await this.fetch(this.url(path), init);
      if (!res.ok) {
        throw await toError(res);
      }
      return res.status === 204 ? void 0 : await res.json();
    }
    withCredential(init, method) {
      const headers = new Headers(init.headers);
      if (this.mode === "bearer") {
        if (this._bearer !== null) {
          headers.set("Authorization", `Bearer ${this._bearer.accessToken}`);
        }
        return { ...init, headers };
      }
      const csrf = readCookie(CSRF_COOKIE);
      if (UNSAFE.test(method) && csrf !== null) {
        headers.set("X-CSRF-Token", csrf);
      }
      return { ...init, headers, credentials: init.credentials ?? "same-origin" };
    }
    /** What identifies the credential a call goes out with: the refresh token (bearer) or the CSRF cookie (cookie). */
    credentialVersion() {
      return this.mode === "bearer" ? this._bearer?.refreshToken ?? null : readCookie(CSRF_COOKIE);
    }
    async rotate(state) {
      let res;
      try {
        if (this.mode === "cookie") {
          if (state === null) {
            return { kind: "ended", reason: "signedOut", code: "token_invalid" };
          }
          res = await fetch(this.url("/v1/me/refresh"), {
            method: "POST",
            credentials: "same-origin",
            headers: typeof state === "string" ? { "X-CSRF-Token": state } : {}
          });
        } else {
          const bearer = state;
          if (bearer === null) {
            return { kind: "ended", reason: "signedOut", code: "token_invalid" };
          }
          res = await fetch(this.url("/v1/me/refresh-token"), {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ refreshToken: bearer.refreshToken })
          });
        }
      } catch {
        return { kind: "transient", retryAfterMs: null };
      }
      const verdict = classifyRefresh(res.status, await problemCode(res), res.headers.get("Retry-After"));
      switch (verdict.kind) {
        case "ok": {
          if (this.mode === "cookie") {
            return { kind: "ok", state: readCookie(CSRF_COOKIE) ?? "" };
          }
          const pair = await res.json();
          const generation = Math.max(this._bearer?.generation ?? 0, state.generation) + 1;
          return { kind: "ok", state: { accessToken: pair.accessToken, refreshToken: pair.refreshToken, generation } };
        }
        case "ended":
          return { kind: "ended", reason: verdict.reason, code: verdict.code };
        case "transient":
          return { kind: "transient", retryAfterMs: verdict.retryAfterMs };
        default:
          return { kind: "transient", retryAfterMs: 5e3 };
      }
    }
    async loadSession() {
      if (this.mode === "bearer" && this._bearer === null) {
        this._ended = true;
        this.setState("signedOut");
        return;
      }
      try {
        const session = await this.me();
        this._ended = false;
        this.setState("online");
        if (session.expiresSoon && this._expiring === null) {
          const secondsLeft = Math.max(0, Math.round((Date.parse(session.idleExpiresAt) - Date.now()) / 1e3));
          this.onExpiring({
            id: "",
            type: "session.expiring",
            at: (/* @__PURE__ */ new Date()).toISOString(),
            sessionId: session.sessionId,
            deviceId: session.deviceId,
            detail: { expiresAt: session.idleExpiresAt, secondsLeft: String(secondsLeft) }
          });
        }
        if (this._leader) {
          this.startStream();
        }
      } catch (error) {
        if (!(error instanceof SessionClusterError) || error.status !== 401) {
          this.setState("reconnecting");
          setTimeout(() => void this.loadSession(), backoffDelay(2, this._backoff));
          return;
        }
        this._ended = true;
        this.setState("signedOut");
      }
    }
    // ---- internals: tabs ----------------------------------------------------------------------------------------
    post(message) {
      this._channel?.postMessage(message);
    }
    onTabMessage(m) {
      this._book.heard(m.from);
      switch (m.t) {
        case "bye":
          this._book.gone(m.from);
          if (!this._useLocks) {
            this.deliverGrant(this._lockQueue.drop(m.from));
            this.checkFallbackLeader();
          }
          break;
        case "lock?":
          if (!this._useLocks && this._book.isLeader()) {
            this.deliverGrant(this._lockQueue.request(m.from, m.q));
          }
          break;
        case "lock!":
          if (m.to === this.tabId) {
            const granted = this._grants.get(m.q);
            if (granted !== void 0) {
              granted();
            } else {
              this.post({ t: "unlock", from: this.tabId, q: m.q });
            }
          }
          break;
        case "unlock":
          if (!this._useLocks && this._book.isLeader()) {
            this.deliverGrant(this._lockQueue.release(m.q));
          }
          break;
        case "state?":
          if (this.mode === "bearer") {
            this.post({ t: "state", from: this.tabId, q: m.q, state: this._bearer });
          }
          break;
        case "state":
          if (m.q !== void 0) {
            this._answers.get(m.q)?.(m.state);
          }
          if (m.state !== null && m.state.generation > (this._bearer?.generation ?? 0)) {
            this.adoptBearer(m.state);
          }
          break;
        case "event":
          this.onServerEvent(m.event);
          break;
        case "ended":
          if (this._session !== null && m.sessionId === this._session.sessionId) {
            this.end(m.detail, false);
          }
          break;
        case "signedIn":
          this._ended = false;
          void this.loadSession();
          break;
        case "extended":
          this.setSession(m.session);
          this.onExtended(m.session);
          break;
        case "dismiss":
          this.onDismissed(m.expiresAt);
          break;
        case "conn":
          if (!this._leader && !this._ended) {
            this.setState(m.state);
          }
          break;
        default:
          break;
      }
    }
    /**
     * Bearer mode's shared state: the newest pair any live tab holds (asked over the channel) or this tab's own. A new
     * tab always asks (it has not heard the others yet); under the lock, a tab that knows of no other tab does not wait.
     */
    async readSharedBearer(evenIfAlone) {
      let best = this._bearer;
      if (this._channel === null || !evenIfAlone && this._book.peers() === 0) {
        return best;
      }
      const q = newTabId();
      const peers = Math.max(1, this._book.peers());
      await new Promise((resolve) => {
        let answered = 0;
        const timer = setTimeout(done, PEER_ANSWER_MS);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this._answers.set(q, (state) => {
          if (state !== null && state.generation > (best?.generation ?? 0)) {
            best = state;
          }
          if (++answered >= peers) {
            done();
          }
        });
        this.post({ t: "state?", from: this.tabId, q });
      });
      this._answers.delete(q);
      return best;
    }
    adoptBearer(state) {
      this._bearer = state;
      if (this._storage === "sessionStorage") {
        try {
          sessionStorage.setItem(`${this._scope}:pair`, JSON.stringify(state));
        } catch {
        }
      }
    }
    loadStored() {
      if (this._storage !== "sessionStorage") {
        return null;
      }
      try {
        const text = sessionStorage.getItem(`${this._scope}:pair`);
        return text === null ? null : JSON.parse(text);
      } catch {
        return null;
      }
    }
    async withLock(name, fn) {
      if (this._useLocks) {
        return navigator.locks.request(name, { mode: "exclusive" }, fn);
      }
      for (let attempt = 0; ; attempt++) {
        const q = newTabId();
        const leader = this._book.leader();
        const granted = await new Promise((resolve) => {
          const timer = setTimeout(() => {
            this._grants.delete(q);
            resolve(false);
          }, LOCK_WAIT_MS);
          this._grants.set(q, () => {
            clearTimeout(timer);
            this._grants.delete(q);
            resolve(true);
          });
          if (leader === this.tabId) {
            this.deliverGrant(this._lockQueue.request(this.tabId, q));
          } else {
            this.post({ t: "lock?", from: this.tabId, q });
          }
        });
        if (!granted && attempt < 2) {
          this.releaseLock(q, leader);
          continue;
        }
        try {
          return await fn();
        } finally {
          if (granted) {
            this.releaseLock(q, leader);
          }
        }
      }
    }
    releaseLock(q, leader) {
      if (leader === this.tabId) {
        this.deliverGrant(this._lockQueue.release(q));
      } else {
        this.post({ t: "unlock", from: this.tabId, q });
      }
    }
    deliverGrant(grant) {
      if (grant === null) {
        return;
      }
      if (grant.tab === this.tabId) {
        const granted = this._grants.get(grant.q);
        if (granted !== void 0) {
          granted();
        } else {
          this.deliverGrant(this._lockQueue.release(grant.q));
        }
      } else {
        this.post({ t: "lock!", from: this.tabId, to: grant.tab, q: grant.q });
      }
    }
    electLeader() {
      if (!this._wantEvents) {
        return;
      }
      if (this._useLocks) {
        void navigator.locks.request(`${this._scope}:leader`, { mode: "exclusive" }, () => {
          this.becomeLeader(true);
          return new Promise(() => {
          });
        });
      } else {
        this._electAfter = Date.now() + HELLO_EVERY_MS * 1.5;
        setTimeout(() => this.checkFallbackLeader(), HELLO_EVERY_MS * 1.5 + 10);
      }
    }
    _electAfter = Infinity;
    checkFallbackLeader() {
      if (this._wantEvents && this._started !== null && Date.now() >= this._electAfter) {
        this.becomeLeader(this._book.isLeader());
      }
    }
    becomeLeader(leader) {
      if (leader === this._leader) {
        return;
      }
      this._leader = leader;
      this.emit("leader", leader);
      if (leader) {
        if (this._session !== null && !this._ended) {
          this.startStream();
        } else if (!this._ended) {
          void this.loadSession();
        }
      } else {
        this._stream?.abort();
        this._stream = null;
      }
    }
    // ---- internals: the event stream (leader only) ------------------------------------------------------------
    startStream() {
      if (this._stream !== null || !this._leader || this._ended) {
        return;
      }
      const controller = new AbortController();
      this._stream = controller;
      void this.runStream(controller).finally(() => {
        if (this._stream === controller) {
          this._stream = null;
        }
      });
    }
    async runStream(controller) {
      const parser = new SseParser();
      let failures = 0;
      let refreshedFor = null;
      while (!controller.signal.aborted && !this._ended) {
        const used = this.credentialVersion();
        const headers = new Headers({ Accept: "text/event-stream" });
        if (this.mode === "bearer" && this._bearer !== null) {
          headers.set("Authorization", `Bearer ${this._bearer.accessToken}`);
        }
        if (parser.lastEventId !== "") {
          headers.set("Last-Event-ID", parser.lastEventId);
        }
        let res = null;
        try {
          res = await fetch(this.url("/v1/me/events"), { headers, credentials: "same-origin", signal: controller.signal, cache: "no-store" });
        } catch (error) {
          if (controller.signal.aborted) {
            return;
          }
          void error;
        }
        if (res !== null && res.ok && res.body !== null) {
          failures = 0;
          refreshedFor = null;
          this.setState("online");
          const finalSeen = await this.readStream(res.body, parser, controller);
          if (finalSeen || controller.signal.aborted || this._ended) {
            return;
          }
        } else if (res !== null) {
          const verdict = classifyCall(res.status, await problemCode(res), res.headers.get("Retry-After"));
          if (verdict.kind === "ended") {
            this.end({ reason: verdict.reason, code: verdict.code });
            return;
          }
          if (verdict.kind === "refresh" && refreshedFor !== used) {
            refreshedFor = used;
            const outcome = await this._refresher.refresh(used);
            if (outcome.kind === "ended") {
              this.end({ reason: outcome.reason, code: outcome.code });
              return;
            }
            if (outcome.kind !== "unavailable") {
              continue;
            }
          }
          if (verdict.kind === "transient") {
            await this.pause(backoffDelay(failures++, this._backoff, verdict.retryAfterMs), controller);
            continue;
          }
        }
        this.setState("reconnecting");
        await this.pause(backoffDelay(failures++, this._backoff, parser.retryMs), controller);
      }
    }
    async pause(ms, controller) {
      this.setState("reconnecting");
      try {
        await sleep(ms, controller.signal);
      } catch {
      }
    }
    /** Reads one connection; true when it carried the event that ends this session. */
    async readStream(body, parser, controller) {
      const reader = body.getReader();
      const decoder = new TextDecoder();
      let silence = setTimeout(() => void reader.cancel(), STREAM_SILENCE_MS);
      try {
        for (; ; ) {
          const { value, done } = await reader.read();
          if (done) {
            return false;
          }
          clearTimeout(silence);
          silence = setTimeout(() => void reader.cancel(), STREAM_SILENCE_MS);
          for (const message of parser.feed(decoder.decode(value, { stream: true }))) {
            if (message.event === "heartbeat") {
              continue;
            }
            let event;
            try {
              event = JSON.parse(message.data);
            } catch {
              continue;
            }
            this.post({ t: "event", from: this.tabId, event });
            this.onServerEvent(event);
            if (this._ended) {
              return true;
            }
          }
        }
      } catch {
        return controller.signal.aborted;
      } finally {
        clearTimeout(silence);
      }
    }
    // ---- internals: what events mean --------------------------------------------------------------------------
    onServerEvent(event) {
      this.emit("event", event);
      const mine = this._session !== null && event.sessionId === this._session.sessionId;
      switch (event.type) {
        case "session.expiring":
          if (mine) {
            this.onExpiring(event);
          }
          break;
        case "session.extended":
          if (mine && this._session !== null) {
            this.onExtended(this._session);
          }
          break;
        case "session.expired":
          if (mine) {
            this.end({ reason: "expired", code: "session_expired" }, false);
          } else {
            this.emit("sessionsChanged", event);
          }
          break;
        case "session.revoked":
          if (mine) {
            const reason = event.detail["reason"] ?? "session_revoked";
            this.end({ reason: reason === "logout" ? "signedOut" : endReasonOf("session_revoked"), code: reason }, false);
          } else {
            this.emit("sessionsChanged", event);
          }
          break;
        case "session.created":
        case "device.removed":
          this.emit("sessionsChanged", event);
          break;
        case "device.linked":
          this.emit("deviceLinked", event);
          this.emit("sessionsChanged", event);
          break;
        case "security.alert":
          this.emit("securityAlert", event);
          break;
        case "session.data_changed":
          this.emit("dataChanged", event);
          break;
        default:
          break;
      }
    }
    onExpiring(event) {
      const secondsLeft = Number(event.detail["secondsLeft"] ?? "0");
      const expiresAt = event.detail["expiresAt"] ?? "";
      const absolute = this._session === null ? NaN : Date.parse(this._session.absoluteExpiresAt);
      const capped = !Number.isNaN(absolute) && Date.parse(expiresAt) >= absolute - 1e3;
      const detail = { secondsLeft, expiresAt, deadline: Date.now() + secondsLeft * 1e3, capped };
      if (this._expiring?.expiresAt === expiresAt) {
        return;
      }
      this._expiring = detail;
      this.emit("expiring", detail);
      this.clearFallback();
      this._fallbackTimer = setTimeout(() => {
        if (!this._ended && this._expiring === detail) {
          void this.me().catch(() => void 0);
        }
      }, secondsLeft * 1e3 + 3e3);
    }
    onExtended(session) {
      this.clearFallback();
      if (this._expiring !== null) {
        this._expiring = null;
      }
      this.emit("extended", session);
    }
    onDismissed(expiresAt) {
      this.emit("dismissed", { expiresAt });
    }
    clearFallback() {
      if (this._fallbackTimer !== null) {
        clearTimeout(this._fallbackTimer);
        this._fallbackTimer = null;
      }
    }
    /** The session is over (here and, unless told by another tab, in every tab). */
    end(detail, broadcast = true) {
      if (this._ended && this._state === "signedOut") {
        return;
      }
      const sessionId = this._session?.sessionId ?? null;
      this._session = null;
      this._ended = true;
      this._expiring = null;
      this.clearFallback();
      this._stream?.abort();
      this._stream = null;
      if (this.mode === "bearer") {
        this._bearer = null;
        if (this._storage === "sessionStorage") {
          try {
            sessionStorage.removeItem(`${this._scope}:pair`);
          } catch {
          }
        }
      }
      this.setState("signedOut");
      if (broadcast && sessionId !== null) {
        this.post({ t: "ended", from: this.tabId, detail, sessionId });
      }
      this.emit(detail.reason, detail);
    }
    setSession(session) {
      this._session = session;
      this.emit("session", session);
    }
    setState(state) {
      if (state === this._state) {
        return;
      }
      this._state = state;
      this.emit("state", state);
      if (this._leader && state !== "signedOut") {
        this.post({ t: "conn", from: this.tabId, state });
      }
    }
    emit(type, detail) {
      this.dispatchEvent(new CustomEvent(type, { detail }));
    }
  };
  var shared = null;
  function defaultClient() {
    if (shared === null) {
      const options = {};
      const meta = globalThis.document?.querySelector('meta[name="sessioncluster"]')?.content ?? "";
      for (const part of meta.split(";")) {
        const [key, value] = part.split("=").map((s) => s.trim());
        if (key === "mode" && (value === "cookie" || value === "bearer")) {
          options.mode = value;
        } else if (key === "tenant" && value) {
          options.tenant = value;
        } else if (key === "base" && value) {
          options.baseUrl = value;
        } else if (key === "storage" && value === "sessionStorage") {
          options.storage = value;
        }
      }
      if (options.tenant === void 0) {
        const fromUrl = globalThis.location === void 0 ? null : new URLSearchParams(globalThis.location.search).get("tenant");
        if (fromUrl) {
          options.tenant = fromUrl;
        }
      }
      shared = new SessionClient(options);
    }
    return shared;
  }
  function hasLocks() {
    return typeof navigator !== "undefined" && navigator.locks !== void 0 && typeof navigator.locks.request === "function";
  }
  function readCookie(name) {
    if (typeof document === "undefined") {
      return null;
    }
    for (const part of document.cookie.split(";")) {
      const eq = part.indexOf("=");
      if (eq > 0 && part.slice(0, eq).trim() === name) {
        return decodeURIComponent(part.slice(eq + 1).trim());
      }
    }
    return null;
  }
  function isAbort(error) {
    return error instanceof DOMException && error.name === "AbortError";
  }
  function retryAfterOf(res) {
    const value = res.headers.get("Retry-After");
    return value !== null && /^\d+$/.test(value) ? Number(value) * 1e3 : null;
  }
  async function problemCode(res) {
    if (res.status < 400 || !(res.headers.get("Content-Type") ?? "").includes("json")) {
      return null;
    }
    try {
      const body = await res.clone().json();
      return typeof body.code === "string" ? body.code : null;
    } catch {
      return null;
    }
  }
  async function toError(res) {
    let problem = {};
    try {
      problem = await res.json();
    } catch {
    }
    return new SessionClusterError(res.status, problem.code ?? `http_${res.status}`, problem.title ?? res.statusText, retryAfterOf(res));
  }

  // src/ua.ts
  var import_ua_parser_js = __toESM(require_ua_parser(), 1);
  function describeUserAgent(userAgent) {
    if (userAgent === null || userAgent === void 0 || userAgent.trim() === "") {
      return { browser: "", os: "", kind: "unknown", label: "Unknown device" };
    }
    const result = new import_ua_parser_js.default(userAgent).getResult();
    const browser = [result.browser.name, result.browser.major].filter(Boolean).join(" ");
    const os = [result.os.name, result.os.version && result.os.name !== "Linux" ? result.os.version : ""].filter(Boolean).join(" ");
    const model = [result.device.vendor, result.device.model].filter(Boolean).join(" ");
    const kind = result.device.type ?? (result.os.name || result.browser.name ? "desktop" : "unknown");
    const what = browser || model || "Unknown browser";
    const label = os ? `${what} on ${os}` : what;
    return { browser, os, kind, label };
  }

  // src/elements/dom.ts
  function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === true) {
        el.setAttribute(name, "");
      } else if (typeof value === "string") {
        el.setAttribute(name, value);
      }
    }
    for (const child of children) {
      if (child !== null && child !== void 0 && child !== false) {
        el.append(child);
      }
    }
    return el;
  }
  function sheet(css) {
    const s = new CSSStyleSheet();
    s.replaceSync(css);
    return s;
  }
  var BASE_CSS = `
:host {
  --_fg: var(--sc-color-text, #1b1f24);
  --_bg: var(--sc-color-surface, #ffffff);
  --_muted: var(--sc-color-muted, #57606a);
  --_border: var(--sc-color-border, #d0d7de);
  --_accent: var(--sc-color-accent, #0b57d0);
  --_on-accent: var(--sc-color-on-accent, #ffffff);
  --_danger: var(--sc-color-danger, #b3261e);
  --_ok: var(--sc-color-success, #1a7f37);
  --_radius: var(--sc-radius, 8px);
  --_focus: var(--sc-focus-ring, #0b57d0);
  display: block;
  color: var(--_fg);
  font-family: var(--sc-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-size: var(--sc-font-size, 1rem);
  line-height: 1.5;
}
[hidden] { display: none !important; }
button {
  font: inherit;
  border-radius: var(--_radius);
  border: 1px solid var(--_border);
  background: var(--_bg);
  color: var(--_fg);
  padding: 0.45em 1em;
  cursor: pointer;
  min-height: 2.5em;
}
button.primary { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); }
button.danger { color: var(--_danger); border-color: var(--_danger); }
button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
input {
  font: inherit;
  padding: 0.45em 0.6em;
  border: 1px solid var(--_muted);
  border-radius: var(--_radius);
  background: var(--_bg);
  color: var(--_fg);
}
.muted { color: var(--_muted); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: center; }
`;
  var ScElement = class extends HTMLElement {
    _client = null;
    root;
    _unsubscribe = [];
    constructor(css) {
      super();
      this.root = this.attachShadow({ mode: "open" });
      this.root.adoptedStyleSheets = [sheet(BASE_CSS), sheet(css)];
    }
    /** The SessionClient this element uses; defaults to `defaultClient()`. */
    get client() {
      this._client ??= defaultClient();
      return this._client;
    }
    set client(value) {
      this._client = value;
      if (this.isConnected) {
        this.disconnectedCallback();
        this.connectedCallback();
      }
    }
    connectedCallback() {
      const client = this.client;
      this._unsubscribe = this.listen(client);
      this.render();
      void client.start().then(() => this.render());
    }
    disconnectedCallback() {
      for (const off of this._unsubscribe) {
        off();
      }
      this._unsubscribe = [];
    }
    headingLevel() {
      const level = this.getAttribute("heading-level");
      return level === "3" ? "h3" : level === "4" ? "h4" : "h2";
    }
  };
  var relative = typeof Intl !== "undefined" && "RelativeTimeFormat" in Intl ? new Intl.RelativeTimeFormat(void 0, { numeric: "auto" }) : null;
  function ago(iso, now = Date.now()) {
    const at = Date.parse(iso);
    if (Number.isNaN(at)) {
      return "";
    }
    const seconds = Math.round((at - now) / 1e3);
    const abs = Math.abs(seconds);
    if (relative === null) {
      return new Date(at).toLocaleString();
    }
    if (abs < 45) {
      return relative.format(0, "second") === "now" ? "just now" : relative.format(seconds, "second");
    }
    if (abs < 2700) {
      return relative.format(Math.round(seconds / 60), "minute");
    }
    if (abs < 64800) {
      return relative.format(Math.round(seconds / 3600), "hour");
    }
    return relative.format(Math.round(seconds / 86400), "day");
  }
  function timeEl(iso) {
    const t = h("time", { datetime: iso, title: new Date(iso).toLocaleString() }, ago(iso));
    return t;
  }
  function clock(seconds) {
    const s = Math.max(0, Math.ceil(seconds));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }
  function spoken(seconds) {
    const s = Math.max(0, Math.ceil(seconds));
    const m = Math.floor(s / 60);
    const r = s % 60;
    const parts = [];
    if (m > 0) {
      parts.push(`${m} minute${m === 1 ? "" : "s"}`);
    }
    if (r > 0 || m === 0) {
      parts.push(`${r} second${r === 1 ? "" : "s"}`);
    }
    return parts.join(" ");
  }

  // src/elements/session-timeout.ts
  var CSS2 = `
dialog {
  max-width: min(32rem, calc(100vw - 2rem));
  border: 1px solid var(--_border);
  border-radius: calc(var(--_radius) * 1.5);
  background: var(--_bg);
  color: var(--_fg);
  padding: 1.5rem;
  box-shadow: 0 10px 40px rgb(0 0 0 / 0.25);
}
dialog::backdrop { background: var(--sc-backdrop, rgb(0 0 0 / 0.45)); }
h2 { margin: 0 0 0.5rem; font-size: 1.25rem; }
p { margin: 0 0 1rem; }
.timer { font-variant-numeric: tabular-nums; font-weight: 700; }
`;
  var ScSessionTimeout = class extends ScElement {
    _dialog;
    _title;
    _message;
    _announce;
    _actions;
    _tick = null;
    _warning = null;
    _returnFocus = null;
    _lastAnnounced = Infinity;
    constructor() {
      super(CSS2);
      this._title = h("h2", { id: "sc-timeout-title", part: "title" });
      this._message = h("p", { id: "sc-timeout-message", part: "message" });
      this._announce = h("p", { class: "sr-only", "aria-live": "assertive", "aria-atomic": "true" });
      this._actions = h("div", { class: "actions" });
      this._dialog = h("dialog", {
        part: "dialog",
        role: "alertdialog",
        "aria-modal": "true",
        "aria-labelledby": "sc-timeout-title",
        "aria-describedby": "sc-timeout-message"
      }, this._title, this._message, this._actions, this._announce);
      this._dialog.addEventListener("cancel", (e) => {
        e.preventDefault();
        if (this._warning !== null && !this._warning.capped) {
          void this.stay();
        } else {
          this.dismiss();
        }
      });
      this._dialog.addEventListener("keydown", (e) => this.trapFocus(e));
      this.root.append(this._dialog);
    }
    /** Whether the dialog is showing. */
    get open() {
      return this._dialog.open;
    }
    listen(client) {
      return [
        client.on("expiring", (d) => this.warn(d)),
        client.on("extended", () => this.close()),
        client.on("dismissed", () => this.close()),
        client.on("expired", (d) => this.ended(d)),
        client.on("revoked", (d) => this.ended(d)),
        client.on("signedOut", () => this.close())
      ];
    }
    render() {
      const pending = this.client.expiring;
      if (pending !== null && this._warning === null) {
        this.warn(pending);
      }
    }
    warn(detail) {
      this._warning = detail;
      this._lastAnnounced = Infinity;
      const timer = h("span", { class: "timer", role: "timer", part: "timer", "aria-live": "off" });
      if (detail.capped) {
        this.titleEl().textContent = "Your session is reaching its time limit";
        this._message.replaceChildren(
          "For your security, sessions last a limited time and this one can’t be extended. You will be signed out in ",
          timer,
          ". Save your work now; you can sign in again afterwards."
        );
        this._actions.replaceChildren(
          h("button", { type: "button", class: "primary", part: "primary", "data-action": "save" }, "Save my work"),
          h("button", { type: "button", part: "secondary", "data-action": "dismiss" }, "Dismiss"),
          h("button", { type: "button", part: "secondary", "data-action": "logout" }, "Sign out now")
        );
      } else {
        this.titleEl().textContent = "Your session is about to end";
        this._message.replaceChildren("You have been inactive for a while. For your security, you will be signed out in ", timer, ".");
        this._actions.replaceChildren(
          h("button", { type: "button", class: "primary", part: "primary", "data-action": "stay" }, "Stay signed in"),
          h("button", { type: "button", part: "secondary", "data-action": "logout" }, "Sign out now")
        );
      }
      this.wireActions();
      this.update(timer);
      if (this._tick !== null) {
        clearInterval(this._tick);
      }
      this._tick = setInterval(() => this.update(timer), 1e3);
      if (!this._dialog.open) {
        this._returnFocus = document.activeElement;
        this._dialog.showModal();
      }
      this._actions.querySelector("button")?.focus();
      this.announce(detail.capped ? `Your session reaches its time limit in ${spoken(this.left())}. Save your work.` : `Your session ends in ${spoken(this.left())}. Choose Stay signed in to continue.`);
    }
    ended(detail) {
      this.stopTick();
      this._warning = null;
      this.titleEl().textContent = "You have been signed out";
      this._message.textContent = detail.reason === "expired" ? "Your session ended because it was inactive for too long. Sign in again to continue." : "Your session was ended, for example from another device. Sign in again to continue.";
      this._actions.replaceChildren(h("button", { type: "button", class: "primary", part: "primary", "data-action": "ok" }, "OK"));
      this.wireActions();
      if (!this._dialog.open) {
        this._returnFocus = document.activeElement;
        this._dialog.showModal();
      }
      this._actions.querySelector("button")?.focus();
      this.announce(this._message.textContent);
    }
    wireActions() {
      for (const button of this._actions.querySelectorAll("button")) {
        button.addEventListener("click", () => {
          switch (button.dataset["action"]) {
            case "stay":
              void this.stay();
              break;
            case "logout":
              void this.client.logout().catch(() => void 0);
              this.close();
              break;
            case "save":
              this.dispatchEvent(new CustomEvent("sc-save-work", { bubbles: true, composed: true }));
              break;
            case "dismiss":
              this.dismiss();
              break;
            default:
              this.close();
              break;
          }
        });
      }
    }
    async stay() {
      try {
        await this.client.extend();
      } catch {
        this.announce("Could not reach the server; trying again may help.");
      }
    }
    dismiss() {
      this.client.dismissWarning();
      this.close();
    }
    close() {
      this.stopTick();
      this._warning = null;
      if (this._dialog.open) {
        this._dialog.close();
        if (this._returnFocus instanceof HTMLElement) {
          this._returnFocus.focus();
        }
      }
    }
    stopTick() {
      if (this._tick !== null) {
        clearInterval(this._tick);
        this._tick = null;
      }
    }
    left() {
      return this._warning === null ? 0 : (this._warning.deadline - Date.now()) / 1e3;
    }
    update(timer) {
      const left = this.left();
      timer.textContent = clock(left);
      timer.setAttribute("aria-label", spoken(left));
      const s = Math.ceil(left);
      for (const mark of [60, 30, 20, 10, 5]) {
        if (s <= mark && this._lastAnnounced > mark && s > 0) {
          this._lastAnnounced = mark;
          if (s < Math.ceil(this._warning?.secondsLeft ?? 0)) {
            this.announce(`${spoken(s)} left.`);
          }
          break;
        }
      }
    }
    announce(text) {
      this._announce.textContent = "";
      setTimeout(() => this._announce.textContent = text, 50);
    }
    titleEl() {
      return this._title;
    }
    /** Tab and Shift+Tab cycle inside the dialog. */
    trapFocus(e) {
      if (e.key !== "Tab") {
        return;
      }
      const focusable = [...this._dialog.querySelectorAll('button, [href], input, [tabindex]:not([tabindex="-1"])')];
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (first === void 0 || last === void 0) {
        return;
      }
      const active = this.root.activeElement;
      if (e.shiftKey && active === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && active === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  // src/elements/sessions.ts
  var STYLE = `
section + section { margin-top: 2rem; }
h2, h3, h4 { margin: 0 0 0.75rem; font-size: 1.2rem; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
li {
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  background: var(--_bg);
  padding: 0.9rem 1rem;
  display: grid;
  gap: 0.4rem;
}
li.current { border-color: var(--_accent); border-width: 2px; }
.name { font-weight: 600; }
.badge {
  display: inline-block;
  margin-inline-start: 0.5em;
  padding: 0 0.5em;
  border-radius: 999px;
  font-size: 0.8rem;
  font-weight: 600;
  background: var(--_accent);
  color: var(--_on-accent);
  vertical-align: 0.1em;
}
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0; font-size: 0.925rem; }
dt { color: var(--_muted); }
dd { margin: 0; overflow-wrap: anywhere; }
.confirm { font-weight: 600; }
.status { min-height: 1.5em; margin: 0.5rem 0 0; }
ul + .actions { margin-top: 0.9rem; }
.state { font-size: 0.9rem; color: var(--_muted); margin: 0 0 0.75rem; }
.state[data-state="reconnecting"] { color: var(--_danger); }
`;
  var ScSessions = class extends ScElement {
    _sessions = [];
    _devices = [];
    _confirming = null;
    _loaded = false;
    _error = null;
    _reload = null;
    _status;
    _body;
    constructor() {
      super(STYLE);
      this._status = h("p", { class: "status", role: "status", "aria-live": "polite" });
      this._body = h("div");
      this.root.append(this._body, this._status);
    }
    listen(client) {
      return [
        client.on("state", (state) => {
          if (state === "online" && !this._loaded) {
            void this.load();
          }
          this.render();
        }),
        client.on("sessionsChanged", (e) => this.onChange(e)),
        client.on("signedOut", () => this.render()),
        client.on("revoked", () => this.render()),
        client.on("expired", () => this.render())
      ];
    }
    /** Reloads the lists (a /v1/me call: activity). */
    async load() {
      try {
        const [sessions, devices] = await Promise.all([this.client.sessions(), this.client.devices()]);
        this._sessions = sessions;
        const mine = sessions.find((s) => s.current)?.deviceId;
        this._devices = [...devices].sort((a, b) => Number(b.deviceId === mine) - Number(a.deviceId === mine) || b.lastSeenAt.localeCompare(a.lastSeenAt));
        this._loaded = true;
        this._error = null;
      } catch (error) {
        this._error = error instanceof SessionClusterError && error.status === 401 ? null : "Could not load your sessions; retrying.";
        if (this._error !== null) {
          this.scheduleReload(5e3);
        }
      }
      this.render();
    }
    onChange(event) {
      if ((event.type === "session.revoked" || event.type === "session.expired") && event.sessionId !== null) {
        const gone = this._sessions.find((s) => s.sessionId === event.sessionId);
        this._sessions = this._sessions.filter((s) => s.sessionId !== event.sessionId);
        this.render();
        if (gone !== void 0) {
          this.say(`${describeUserAgent(gone.client.userAgent).label} was signed out.`);
        }
        return;
      }
      this.scheduleReload(300);
    }
    scheduleReload(ms) {
      if (this._reload !== null) {
        clearTimeout(this._reload);
      }
      this._reload = setTimeout(() => {
        this._reload = null;
        void this.load();
      }, ms);
    }
    render() {
      const client = this.client;
      const heading = this.headingLevel();
      if (client.state === "signedOut") {
        this._loaded = false;
        this._body.replaceChildren(h(
          "section",
          { "aria-labelledby": "sc-sessions-h" },
          h(heading, { id: "sc-sessions-h" }, "Where you’re signed in"),
          h("p", { class: "muted" }, "You are not signed in.")
        ));
        return;
      }
      if (!this._loaded) {
        this._body.replaceChildren(h(
          "section",
          { "aria-labelledby": "sc-sessions-h", "aria-busy": "true" },
          h(heading, { id: "sc-sessions-h" }, "Where you’re signed in"),
          h("p", { class: "muted" }, this._error ?? "Loading…")
        ));
        if (client.state === "online" && this._error === null) {
          void this.load();
        }
        return;
      }
      const others = this._sessions.filter((s) => !s.current);
      const stateText = client.state === "reconnecting" ? "Reconnecting… (you are still signed in)" : "Live: changes show up here as they happen.";
      const sessions = h(
        "section",
        { "aria-labelledby": "sc-sessions-h" },
        h(heading, { id: "sc-sessions-h" }, "Where you’re signed in"),
        h("p", { class: "state", "data-state": client.state }, stateText),
        h("ul", { role: "list", "aria-label": "Sessions" }, ...this._sessions.map((s) => this.sessionItem(s))),
        others.length > 0 ? h("div", { class: "actions" }, ...this.allOthersActions(others.length)) : null
      );
      const devices = h(
        "section",
        { "aria-labelledby": "sc-devices-h" },
        h(heading, { id: "sc-devices-h" }, "Your devices"),
        this._devices.length === 0 ? h("p", { class: "muted" }, "No devices.") : h("ul", { role: "list", "aria-label": "Devices" }, ...this._devices.map((d) => this.deviceItem(d)))
      );
      const focused = this.root.activeElement instanceof HTMLElement ? this.root.activeElement.dataset["key"] : void 0;
      this._body.replaceChildren(sessions, devices);
      if (focused !== void 0) {
        this.root.querySelector(`[data-key="${CSS.escape(focused)}"]`)?.focus();
      }
    }
    sessionItem(s) {
      const ua = describeUserAgent(s.client.userAgent);
      const name = s.device.name ? `${s.device.name} · ${ua.label}` : ua.label;
      const key = `session:${s.sessionId}`;
      const confirming = this._confirming === key;
      const actions = confirming ? [
        h("span", { class: "confirm", id: `c-${s.sessionId}` }, s.current ? "Sign out of this browser?" : `Sign out ${ua.label}?`),
        this.button("Yes, sign out", `${key}:yes`, "danger", () => void this.revoke(s)),
        this.button("Cancel", `${key}:no`, "", () => this.confirm(null, key))
      ] : [this.button(s.current ? "Sign out" : "Sign out this session", key, "", () => this.confirm(key, `${key}:yes`), `${name}`)];
      return h(
        "li",
        { class: s.current ? "current" : "", part: "session", "data-session-id": s.sessionId, "aria-current": s.current ? "true" : void 0 },
        h("div", {}, h("span", { class: "name" }, name), s.current ? h("span", { class: "badge" }, "This device") : null),
        h(
          "dl",
          {},
          h("dt", {}, "Type"),
          h("dd", {}, kindName(s.device.type ?? ua.kind)),
          h("dt", {}, "IP address"),
          h("dd", {}, s.client.ip ?? "Unknown"),
          h("dt", {}, "Signed in"),
          h("dd", {}, timeEl(s.createdAt)),
          h("dt", {}, "Last active"),
          h("dd", {}, s.current ? "Now" : timeEl(s.lastSeenAt))
        ),
        h("div", { class: "actions" }, ...actions)
      );
    }
    deviceItem(d) {
      const key = `device:${d.deviceId}`;
      const label = d.name ?? kindName(d.type ?? "unknown");
      const current = this._sessions.some((s) => s.current && s.deviceId === d.deviceId);
      const actions = this._confirming === key ? [
        h("span", { class: "confirm" }, current ? "Remove this device and sign out here?" : `Remove ${label} and sign it out?`),
        this.button("Yes, remove", `${key}:yes`, "danger", () => void this.removeDevice(d, label)),
        this.button("Cancel", `${key}:no`, "", () => this.confirm(null, key))
      ] : [this.button("Remove device", key, "", () => this.confirm(key, `${key}:yes`), label)];
      return h(
        "li",
        { part: "device", "data-device-id": d.deviceId },
        h("div", {}, h("span", { class: "name" }, label), current ? h("span", { class: "badge" }, "This device") : null),
        h(
          "dl",
          {},
          h("dt", {}, "Added"),
          h("dd", {}, timeEl(d.firstSeenAt), d.linkedVia === "link" ? " (linked with a code)" : ""),
          h("dt", {}, "Last active"),
          h("dd", {}, timeEl(d.lastSeenAt)),
          h("dt", {}, "Active sessions"),
          h("dd", {}, String(d.activeSessions))
        ),
        h("div", { class: "actions" }, ...actions)
      );
    }
    allOthersActions(count) {
      const key = "others";
      return this._confirming === key ? [
        h("span", { class: "confirm" }, `Sign out ${count} other session${count === 1 ? "" : "s"}?`),
        this.button("Yes, sign out all others", `${key}:yes`, "danger", () => void this.logoutOthers()),
        this.button("Cancel", `${key}:no`, "", () => this.confirm(null, key))
      ] : [this.button("Sign out all other sessions", key, "", () => this.confirm(key, `${key}:yes`))];
    }
    button(text, key, cls, onClick, describes) {
      const b = h("button", { type: "button", class: cls, part: "button", "data-key": key, "aria-label": describes ? `${text}: ${describes}` : void 0 }, text);
      b.addEventListener("click", onClick);
      return b;
    }
    confirm(key, focusKey) {
      this._confirming = key;
      this.render();
      this.root.querySelector(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
    }
    async revoke(s) {
      this._confirming = null;
      try {
        if (s.current) {
          await this.client.logout();
        } else {
          await this.client.revokeSession(s.sessionId);
          this._sessions = this._sessions.filter((x) => x.sessionId !== s.sessionId);
          this.say(`${describeUserAgent(s.client.userAgent).label} was signed out.`);
        }
      } catch {
        this.say("Could not sign that session out; try again.");
      }
      this.render();
      this.root.querySelector('[data-key="others"], button')?.focus();
    }
    async removeDevice(d, label) {
      this._confirming = null;
      try {
        await this.client.removeDevice(d.deviceId);
        this._devices = this._devices.filter((x) => x.deviceId !== d.deviceId);
        this.say(`${label} was removed.`);
        this.scheduleReload(300);
      } catch {
        this.say("Could not remove that device; try again.");
      }
      this.render();
    }
    async logoutOthers() {
      this._confirming = null;
      try {
        const n = await this.client.logoutOthers();
        this._sessions = this._sessions.filter((s) => s.current);
        this.say(`Signed out ${n} other session${n === 1 ? "" : "s"}.`);
        this.scheduleReload(300);
      } catch {
        this.say("Could not sign the other sessions out; try again.");
      }
      this.render();
    }
    say(text) {
      this._status.textContent = text;
    }
  };
  function kindName(kind) {
    switch (kind) {
      case "mobile":
        return "Phone";
      case "tablet":
        return "Tablet";
      case "tv":
      case "smarttv":
        return "TV";
      case "console":
        return "Game console";
      case "wearable":
        return "Watch";
      case "desktop":
        return "Computer";
      case "unknown":
        return "Unknown";
      default:
        return kind.charAt(0).toUpperCase() + kind.slice(1);
    }
  }

  // src/elements/link-device.ts
  var STYLE2 = `
h2, h3, h4 { margin: 0 0 0.5rem; font-size: 1.2rem; }
p { margin: 0 0 0.75rem; }
form { display: grid; gap: 0.35rem; justify-items: start; }
label { font-weight: 600; }
input { text-transform: uppercase; letter-spacing: 0.1em; width: 12ch; }
output.code {
  display: inline-block;
  font-size: 2rem;
  font-weight: 700;
  letter-spacing: 0.15em;
  font-variant-numeric: tabular-nums;
  padding: 0.25rem 0.75rem;
  border: 2px dashed var(--_accent);
  border-radius: var(--_radius);
  margin: 0 0 0.75rem;
}
.result { min-height: 1.5em; }
.result[data-kind="ok"] { color: var(--_ok); }
.result[data-kind="error"] { color: var(--_danger); }
`;
  var ScLinkDevice = class extends ScElement {
    _body;
    _result;
    _waiting = null;
    _code = null;
    _tick = null;
    _mode = null;
    constructor() {
      super(STYLE2);
      this._body = h("div");
      this._result = h("p", { class: "result", role: "status", "aria-live": "polite" });
      this.root.append(this._body, this._result);
    }
    listen(client) {
      return [client.on("state", () => this.render())];
    }
    render() {
      const client = this.client;
      const signedIn = client.state === "online" || client.state === "reconnecting";
      const tenant = this.getAttribute("tenant") ?? client.tenant;
      const mode = signedIn ? "approve" : client.state === "signedOut" && tenant ? "new" : "none";
      if (mode === this._mode) {
        return;
      }
      this._mode = mode;
      const heading = this.headingLevel();
      if (mode === "approve") {
        this.stopWaiting();
        const input = h("input", {
          id: "sc-link-code",
          name: "code",
          autocomplete: "off",
          autocapitalize: "characters",
          spellcheck: "false",
          required: true,
          maxlength: "9",
          "aria-describedby": "sc-link-help"
        });
        const form = h(
          "form",
          {},
          h("label", { for: "sc-link-code" }, "Code shown on the new device"),
          h("div", { class: "actions" }, input, h("button", { type: "submit", class: "primary" }, "Approve"))
        );
        form.addEventListener("submit", (e) => {
          e.preventDefault();
          void this.approve(input);
        });
        this._body.replaceChildren(h(
          "section",
          { "aria-labelledby": "sc-link-h" },
          h(heading, { id: "sc-link-h" }, "Link a new device"),
          h("p", { id: "sc-link-help", class: "muted" }, "On the new device, choose “Sign in with another device”. It shows a code like WDJB-MJHT: type it here to sign that device in as you."),
          form
        ));
      } else if (mode === "new") {
        const start = h("button", { type: "button", class: "primary" }, "Show a code");
        start.addEventListener("click", () => void this.startLink(tenant ?? ""));
        this._body.replaceChildren(h(
          "section",
          { "aria-labelledby": "sc-link-h" },
          h(heading, { id: "sc-link-h" }, "Sign in with another device"),
          h("p", { class: "muted" }, "Already signed in on your phone or computer? Show a code here and approve it there."),
          h("div", { class: "actions", id: "sc-link-area" }, start)
        ));
      } else {
        this._body.replaceChildren();
      }
    }
    async approve(input) {
      const code = input.value.trim();
      if (code === "") {
        return;
      }
      this.result("", "Approving…");
      try {
        await this.client.approveDeviceLink(code);
        input.value = "";
        this.result("ok", "Done: the new device is now signed in.");
      } catch (error) {
        const e = error instanceof SessionClusterError ? error : null;
        const message = e?.code === "link_not_found" ? "That code is not valid (or was already used). Check it and try again." : e?.code === "link_expired" ? "That code has expired. Show a new one on the new device." : e?.code === "rate_limited" ? `Too many tries. Wait ${Math.ceil((e.retryAfterMs ?? 6e4) / 1e3)} seconds and try again.` : e?.code === "validation_failed" ? "Type the code exactly as the new device shows it." : "Could not reach the server; try again.";
        this.result("error", message);
        input.focus();
      }
    }
    async startLink(tenant) {
      const area = this.root.getElementById("sc-link-area");
      this.result("", "Asking for a code…");
      try {
        const client = this.client;
        const name = this.getAttribute("device-name") ?? void 0;
        const link = await client.startDeviceLink(name === void 0 ? {} : { name }, tenant);
        this._code = link;
        const left = h("span", { role: "timer", "aria-live": "off" });
        area?.replaceChildren(h(
          "div",
          {},
          h("p", {}, "On a device where you are signed in, open your account page and enter this code under “Link a new device”:"),
          h("output", { class: "code", "aria-label": `Code ${link.userCode.split("").join(" ")}` }, link.userCode),
          h("p", { class: "muted" }, "The code expires in ", left, ". This page signs in by itself once it is approved.")
        ));
        const update = () => {
          left.textContent = clock((Date.parse(link.expiresAt) - Date.now()) / 1e3);
        };
        update();
        this._tick = setInterval(update, 1e3);
        this.result("", "Waiting for approval…");
        this._waiting = new AbortController();
        await link.wait(this._waiting.signal);
        this.stopWaiting();
        this.result("ok", "Approved: you are signed in on this device.");
        this.dispatchEvent(new CustomEvent("sc-linked", { bubbles: true, composed: true }));
      } catch (error) {
        this.stopWaiting();
        if (error instanceof DOMException && error.name === "AbortError") {
          return;
        }
        const e = error instanceof SessionClusterError ? error : null;
        this.result("error", e?.code === "not_found" ? "Signing in with another device is not enabled here." : e?.code === "rate_limited" ? "Too many codes asked for; wait a minute and try again." : "The code expired or could not be checked; show a new one.");
        this._mode = null;
        this.render();
      }
    }
    stopWaiting() {
      this._waiting?.abort();
      this._waiting = null;
      if (this._tick !== null) {
        clearInterval(this._tick);
        this._tick = null;
      }
    }
    disconnectedCallback() {
      this.stopWaiting();
      super.disconnectedCallback();
    }
    result(kind, text) {
      this._result.dataset["kind"] = kind;
      this._result.textContent = text;
    }
  };

  // src/index.ts
  function defineElements(registry = globalThis.customElements) {
    if (registry === void 0) {
      return;
    }
    for (const [name, ctor] of [
      ["sc-session-timeout", ScSessionTimeout],
      ["sc-sessions", ScSessions],
      ["sc-link-device", ScLinkDevice]
    ]) {
      if (registry.get(name) === void 0) {
        registry.define(name, ctor);
      }
    }
  }
  defineElements();
  return __toCommonJS(index_exports);
})();
