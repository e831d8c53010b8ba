// skiff validate FILE
#include "cli_common.h"
#include "cli_load.h"

namespace skiff::cli {

int cmd_validate(const std::vector<std::string>& args) {
  std::string path;
  for (const std::string& a : args) {
    if (!a.empty() && a[0] == '-' && a != "-") return fail("validate: unknown option '" + a + "'");
    if (!path.empty()) return fail("validate: expected one FILE (see `skiff help validate`)");
    path = a;
  }
  if (path.empty()) return fail("validate: missing FILE (see `skiff help validate`)");
  Loaded l;
  LoadError err;
  if (!load_module(path, &l, &err)) return fail(path, err.error);
  Status s = validate_loaded(l);
  if (!s.ok()) return fail(path, s.error(), l.from_text);
  return 0;
}

}  // namespace skiff::cli
