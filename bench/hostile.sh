#!/usr/bin/env bash
# Hostile-input battery (issue 8): one line per case, with the exit code and what leaked or was
# written, for a quick before/after comparison of two installs. Tokens are generated at run time.
# Usage: bench/hostile.sh /path/to/venv/bin   (the bin folder of a venv with tokenlint installed)
BIN=$1; export PATH="$BIN:$PATH"
W=$(mktemp -d); cd "$W"
tok() { python -c "import random,sys;from tokenlint import tokens;print(tokens.synthesize(sys.argv[1],random.Random(int(sys.argv[2]))))" "$1" "$2"; }
APP=$(tok app-password 1); API=$(tok api-token 2); ACC=$(tok access-token 3)
PW=$(python -c "import secrets; print(secrets.token_urlsafe(14))")  # an unprefixed password, made now
leak() { # file... : does any 16-char run of a secret appear?
  python - "$@" <<PY
import sys
secrets=["$APP","$API","$ACC","$PW"]
data="".join(open(f,errors="replace").read() for f in sys.argv[1:])
bad=[s[:6] for s in secrets for i in range(len(s)-15) if s[i:i+16] in data]
print("LEAK" if bad else "no-leak", sorted(set(bad)))
PY
}
case_() { printf '%-48s ' "$1"; }
git init -q r && cd r && git config user.email a@b && git config user.name a
# 1 token in URL query
printf 'curl "https://api.bitbucket.org/2.0/repositories/acme/app?access_token=%s"\n' "$ACC" > ci.sh
printf 'curl -u "me:%s" https://api.bitbucket.org/2.0/user\n' "$PW" > pw.sh
case_ "url token: scan text"; tokenlint scan ci.sh pw.sh --show-usage >o 2>e; echo "rc=$? $(leak o e)"
case_ "url token: scan json"; tokenlint scan ci.sh pw.sh --format json >o 2>e; echo "rc=$? $(leak o e)"
git add -A; 
case_ "url token: staged"; tokenlint scan --staged --format json >o 2>e; echo "rc=$? $(leak o e)"
git commit -qm one
case_ "url token: history json"; tokenlint history --format json >o 2>e; echo "rc=$? $(leak o e)"
case_ "suggest json"; tokenlint suggest --format json >o 2>e; echo "rc=$? $(leak o e)"
case_ "baseline create"; tokenlint baseline create -o bl.json >o 2>e; echo "rc=$? $(leak o e bl.json)"; rm -f bl.json
# config echo
printf 'tokens:\n  - fingerprint: %s\n    type: api-token\n' "$API" > .tokenlint.yml
case_ "config error echo"; tokenlint scan ci.sh >o 2>e; echo "rc=$? $(leak o e)"; rm .tokenlint.yml
# option injection via pre-commit entry: file named --fail-on=critical
cd "$W"; git init -q inj && cd inj && git config user.email a@b && git config user.name a
printf 'export T=%s\n' "$APP" > ./--fail-on=critical; git add -- ./--fail-on=critical
case_ "staged file named --fail-on=critical"; tokenlint scan --staged -- --fail-on=critical >o 2>e; echo "rc=$?"
printf 'export T=%s\n' "$APP" > ./--help; git add -- ./--help
case_ "staged file named --help (entry ends with --)"; tokenlint scan --staged -- --help >o 2>e; echo "rc=$?"
# UTF-16 file
cd "$W"; mkdir u && cd u
python -c "import sys;open('a.ps1','wb').write('\ufeff\$t=\"$APP\"\r\n'.encode('utf-16-le'))"
case_ "utf-16 BOM file"; tokenlint scan a.ps1 >o 2>e; echo "rc=$? $(tail -1 o)"
printf 'x\0y\nexport T=%s\n' "$APP" > nul.sh
case_ "one NUL in text"; tokenlint scan nul.sh >o 2>e; echo "rc=$? $(tail -1 o)"
python -c "open('big.png','wb').write(b'\x89PNG\r\n\x1a\n'+b'\0'*12_000_000)"
case_ "12MB binary"; tokenlint scan big.png >o 2>e; echo "rc=$? $(tail -1 o)"
case_ "absurd max-file-size"; tokenlint scan --max-file-size 99999999999999999999GB a.ps1 >o 2>e; echo "rc=$? $(head -c 150 e)"
case_ "max-file-size 0"; tokenlint scan --max-file-size 0 a.ps1 >o 2>e; echo "rc=$? $(head -c 150 e)"
case_ "scan - with stdin closed"; tokenlint scan - <&- >o 2>e; echo "rc=$? $(head -c 150 e)"
python -c "print('a: ' + '[' * 10000 + ']' * 10000)" > .tokenlint.yml
case_ "10000-deep config"; tokenlint scan a.ps1 >o 2>e; echo "rc=$? $(head -c 150 e)"; rm .tokenlint.yml
case_ "-o into missing folder (created)"; tokenlint scan a.ps1 -o nope/r.json >o 2>e; echo "rc=$? $(head -c 150 e) $(ls nope)"
mkdir -p "$W/outside"; ln -s "$W/outside" linked
case_ "-o through a linked folder"; tokenlint scan a.ps1 -o linked/r.json >o 2>e; echo "rc=$? $(head -c 150 e) outside=[$(ls "$W/outside")]"
# nested repo, core.worktree
cd "$W"; git init -q n && cd n && git config user.email a@b && git config user.name a; echo hi > a; git add a; git commit -qm a
mkdir inner && (cd inner && git init -q && printf 'export T=%s\n' "$APP" > s.sh)
case_ "untracked nested repo"; tokenlint scan . >o 2>e; echo "rc=$? $(tail -1 o)"
cd "$W"; git init -q wt && cd wt && printf 'export T=%s\n' "$APP" > s.sh; mkdir -p /tmp/empty-wt-$$; git config core.worktree /tmp/empty-wt-$$
case_ "core.worktree elsewhere"; tokenlint scan . >o 2>e; echo "rc=$? $(tail -1 o)"
# baseline writes outside
cd "$W"; mkdir victimdir; echo VICTIM > victimdir/victim; git init -q b && cd b && git config user.email a@b && git config user.name a
printf 'baseline: ../victimdir/victim\n' > .tokenlint.yml; printf 'export T=%s\n' "$APP" > s.sh
case_ "baseline: ../victim from config"; tokenlint baseline create >o 2>e; echo "rc=$? victim=$(head -c 20 ../victimdir/victim | tr '\n' ' ')"
echo VICTIM > ../victimdir/victim; printf 'baseline: bl.json\n' > .tokenlint.yml; ln -s ../victimdir/victim bl.json.tmp
case_ "baseline .tmp symlink"; tokenlint baseline create >o 2>e; echo "rc=$? victim=$(head -c 20 ../victimdir/victim | tr '\n' ' ')"
rm -rf "$W"
