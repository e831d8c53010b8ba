# Shared by the text-format checkpoint scripts (gc_graph.sh, refs_frames.sh,
# refs_stack.sh); sourced after they set skiff, wat, tmp (a scratch folder), fail=0,
# and wrote the uninterrupted run's stdout to $tmp/ref.out.

taken=0  # checkpoints actually written by round

# round LABEL FUEL: checkpoint the run at FUEL, resume it in a new process; the two
# stdouts together must equal the uninterrupted run's (a run that ends before FUEL
# writes no checkpoint and must print the whole output itself).
round() {
  local n="$2"
  rm -f "$tmp/ck"
  "$skiff" run --checkpoint-on=fuel:$n --checkpoint-file "$tmp/ck" "$wat" > "$tmp/a.out" 2> "$tmp/a.err"
  local rc=$?
  if [[ $rc -ne 0 ]]; then echo "FAIL $1 fuel:$n: checkpointing run exit $rc"; cat "$tmp/a.err"; fail=1; return; fi
  if [[ ! -f "$tmp/ck" ]]; then
    cmp -s "$tmp/a.out" "$tmp/ref.out" || { echo "FAIL $1 fuel:$n: no checkpoint, output differs"; fail=1; }
    return
  fi
  taken=$((taken + 1))
  "$skiff" resume "$tmp/ck" > "$tmp/b.out" 2> "$tmp/b.err"; rc=$?
  if [[ $rc -ne 0 ]] || ! cat "$tmp/a.out" "$tmp/b.out" | cmp -s - "$tmp/ref.out"; then
    echo "FAIL $1 fuel:$n: resume exit $rc"; cat "$tmp/b.err"; fail=1; return
  fi
  echo "ok $1 fuel:$n ($(wc -c < "$tmp/ck") bytes)"
}

# resume_corrupted: resumes each $tmp/badNNN named by line NNN of $tmp/cases (written
# by ckpt_layout.write_cases). Every one must be refused with a message (exit 1) or
# run to a normal end (exit 0 or 134), never die of a signal or a sanitizer report;
# a case whose name starts with "refused:" must be refused, naming the checkpoint.
resume_corrupted() {
  local i=0 refused=0 ran=0 name f rc
  while IFS= read -r name; do
    f=$(printf '%s/bad%03d' "$tmp" $i); i=$((i + 1))
    timeout 60 "$skiff" resume "$f" > /dev/null 2> "$tmp/err"; rc=$?
    if [[ $rc -ne 0 && $rc -ne 1 && $rc -ne 134 ]] || grep -q "Sanitizer" "$tmp/err"; then
      echo "FAIL corrupted ($name): exit $rc"; head -5 "$tmp/err"; fail=1
    elif [[ $rc -eq 1 ]]; then refused=$((refused + 1))
    else ran=$((ran + 1)); fi
    case "$name" in refused:*)
      if [[ $rc -ne 1 ]] || ! grep -q "checkpoint" "$tmp/err"; then
        echo "FAIL corrupted ($name) not refused: exit $rc"; head -3 "$tmp/err"; fail=1
      fi;;
    esac
  done < "$tmp/cases"
  echo "corrupted checkpoints: $refused refused, $ran ran to an end (of $i)"
}
