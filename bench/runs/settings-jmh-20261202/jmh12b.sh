for r in 1 2; do for j in after before; do for b in DigitsMlpBenchmark.epoch DigitsStepBenchmark.step; do
  java -jar /tmp/bench-$j.jar "$b" -f 2 -wi 5 -i 5 -rf csv -rff /tmp/jmh12b-$j-$b-$r.csv > /tmp/jmh12b-$j-$b-$r.log 2>&1
  echo "$r $j $b $(tail -1 /tmp/jmh12b-$j-$b-$r.csv)"
done; done; done
