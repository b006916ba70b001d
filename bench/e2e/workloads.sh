# The end-to-end workloads, sourced by bench/e2e.sh and bench/jvm-flags.sh (which set root, here, py,
# peers and data): ours_args WORKLOAD prints the arguments of `optspec train`, peer_cmd WORKLOAD the
# PyTorch command doing the same training from the same file.
digits="$root/samples/src/main/resources/org/optspec/samples/digits/digits.csv"
specs="$root/bench/src/main/resources/org/optspec/bench"
# ours_args WORKLOAD: the arguments of `optspec train`; peer_cmd WORKLOAD: the PyTorch command
ours_args() {
  case "$1" in
    digits) echo "$root/samples/src/main/resources/org/optspec/samples/digits/digits.optspec" ;;
    W1) echo "$specs/w1_linear.optspec --data $data/w1.csv --epochs 1000" ;;
    W2) echo "$specs/w2_digits_mlp.optspec --data $digits --epochs 20" ;;
    W3) echo "$specs/w3_wide_mlp.optspec --data $data/w3.csv --epochs 25" ;;
    W4) echo "$specs/w4_factorization.optspec --data $data/w4.csv --epochs 5" ;;
    W5) echo "$specs/w5_rnn.optspec --data $data/w5.csv --epochs 10" ;;
    *) echo "e2e.sh: unknown workload $1" >&2; exit 2 ;;
  esac
}
peer_cmd() {
  case "$1" in
    digits) echo "$py $peers/e2e_digits_torch.py $digits" ;;
    W2) echo "$py $here/e2e/torch_e2e.py W2 $digits" ;;
    *) echo "$py $here/e2e/torch_e2e.py $1 $data/$(echo "$1" | tr W w).csv" ;;
  esac
}

