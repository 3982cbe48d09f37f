# uncovered.awk - from `llvm-cov show -show-branches=count` over several binaries that each
# compile the header-only library: the union coverage (what any test or corpus input ran), per
# file, then every line no binary ran and every branch direction no binary took. Branch
# instantiations of the same line:column are added up first. (`llvm-cov report` instead counts
# the best single instantiation of each function, so its figures are lower.)
function nz(v) { return v != "0" }
# root (awk -v root=DIR/): the checkout, cut from the file names so they read as in the repository.
/^\/.*:$/ {
    file = substr($0, 1, length($0) - 1)
    if (root != "" && index(file, root) == 1) file = substr(file, length(root) + 1)
    files[file] = 1; next
}
/^ *[0-9]+\| *[0-9.]+[kMGT]?\|/ {
    split($0, f, "|"); ln = f[1] + 0; key = file ":" ln
    if (key in seen) next
    seen[key] = 1; lines[file]++
    cnt = f[2]; gsub(/ /, "", cnt)
    if (cnt == "0") { lmiss[file]++; order[++n] = key; text[key] = "line not run: " f[3] }
    next
}
/Branch \(/ {
    match($0, /\(([0-9]+):([0-9]+)\)/); where = substr($0, RSTART + 1, RLENGTH - 2)
    match($0, /True: [^,]+/); t = substr($0, RSTART + 6, RLENGTH - 6)
    match($0, /False: [^\]]+/); fl = substr($0, RSTART + 7, RLENGTH - 7)
    key = file ":" where
    if (!(key in bt)) { bt[key] = 0; bf[key] = 0; border[++m] = key; bfile[key] = file; sites[file]++ }
    if (nz(t)) bt[key] = 1
    if (nz(fl)) bf[key] = 1
}
END {
    for (k in bt) bmiss[bfile[k]] += !bt[k] + !bf[k]
    for (fn in files)
        printf "%s: lines %d/%d (%.2f%%), branch directions %d/%d (%.2f%%)\n", fn,
            lines[fn] - lmiss[fn], lines[fn], 100 * (lines[fn] - lmiss[fn]) / lines[fn],
            2 * sites[fn] - bmiss[fn], 2 * sites[fn], 100 * (2 * sites[fn] - bmiss[fn]) / (2 * sites[fn])
    for (i = 1; i <= n; i++) print order[i] "  " text[order[i]]
    for (i = 1; i <= m; i++) {
        k = border[i]
        if (!bt[k] && !bf[k]) print k "  branch never reached"
        else if (!bt[k]) print k "  branch never true"
        else if (!bf[k]) print k "  branch never false"
    }
}
