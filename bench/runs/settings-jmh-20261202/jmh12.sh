for r in 1 2 3; do for j in before after; do for b in DigitsMlpBenchmark.epoch DigitsStepBenchmark.step; do
  java -jar /tmp/bench-$j.jar "$b" -f 1 -wi 5 -i 5 -rf csv -rff /tmp/jmh12-$j-$b-$r.csv > /tmp/jmh12-$j-$b-$r.log 2>&1
  echo "$r $j $b $(tail -1 /tmp/jmh12-$j-$b-$r.csv)"
done; done; done
