# bash completion for fsgen
_fsgen() {
  local cur prev words cword
  _init_completion || return
  case $prev in
    -o|--output|--root) _filedir -d; return ;;
    -f|--values|--crd) _filedir 'y?(a)ml'; return ;;
    --depfile) _filedir d; return ;;
    --chart) _filedir; COMPREPLY+=($(compgen -W "flagsmith" -- "$cur")); return ;;
    -n|--namespace|--name|--set|--set-string|--max-instructions|--max-memory) return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "-o --output --check --each --stream --tests -f --values --set --set-string
      -n --namespace --name --chart --depfile --root --crd --strict-kinds --allow-unknown
      --max-instructions --max-memory --trace --show-origin -h --help --version" -- "$cur"))
    return
  fi
  if [[ $cword -eq 1 ]]; then
    COMPREPLY=($(compgen -W "explain values meta" -- "$cur"))
  fi
  local shipped
  # Shipped overlays, by name, from beside the installed binary.
  shipped=$(ls "$(dirname "$(command -v fsgen)")"/../share/fsgen/overlays 2>/dev/null | sed 's/\.lua$//')
  COMPREPLY+=($(compgen -W "$shipped" -- "$cur"))
  _filedir lua
}
complete -F _fsgen fsgen
