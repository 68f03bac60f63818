#include "csm/model/internal/intern_table.h"

#include "absl/strings/str_cat.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/model/stable_name_hash.h"

namespace csm {

bool IsValidUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int extra;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;  // continuation byte first, overlong lead (C0, C1), or beyond F4
    }
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000)) return false;  // overlong
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;                                // surrogate
    if (cp > 0x10FFFF) return false;
    p += extra + 1;
  }
  return true;
}

absl::Status ValidateName(std::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("empty name");
  if (name.size() > kMaxNameBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("name longer than ", kMaxNameBytes, " bytes (", name.size(), ")"));
  }
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) return absl::InvalidArgumentError("name has a control character");
  }
  if (!IsValidUtf8(name)) return absl::InvalidArgumentError("name is not valid UTF-8");
  return absl::OkStatus();
}

absl::StatusOr<uint32_t> InternTable::Intern(Field field, std::string_view name) {
  Table& t = table(field);
  const uint32_t hash = NameIndex::Hash(name);
  if (const uint32_t id = t.Find(name, hash); id != 0) return id;
  if (absl::Status s = ValidateName(name); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(AsAbsl(FieldName(field)), ": ", s.message()));
  }
  if (t.names.size() >= limit(field)) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "too many distinct values of ", AsAbsl(FieldName(field)), " (limit ", limit(field), ")"));
  }
  t.names.Push(name);
  const auto id = static_cast<uint32_t>(t.names.size());
  t.ids.Insert(hash, id);
  t.hashes.push_back(StableNameHash(t.names.back()));
  return id;
}

std::optional<uint32_t> InternTable::Find(Field field, std::string_view name) const {
  const uint32_t id = table(field).Find(name, NameIndex::Hash(name));
  if (id == 0) return std::nullopt;
  return id;
}

std::string_view InternTable::Name(Field field, uint32_t id) const {
  if (!Contains(field, id)) return {};
  return table(field).names[id - 1];
}

InternTable::Mark InternTable::mark() const {
  Mark m;
  for (int i = 0; i < kFieldCount; ++i) m.sizes[i] = static_cast<uint32_t>(tables_[i].names.size());
  return m;
}

void InternTable::Rollback(const Mark& mark) {
  for (int i = 0; i < kFieldCount; ++i) {
    Table& t = tables_[i];
    while (t.names.size() > mark.sizes[i]) {
      t.ids.Erase(NameIndex::Hash(t.names.back()), static_cast<uint32_t>(t.names.size()));
      t.names.Pop();
      t.hashes.pop_back();
    }
  }
}

size_t InternTable::MemoryBytes() const {
  size_t bytes = sizeof(*this);
  for (const Table& t : tables_) {
    bytes += t.names.MemoryBytes();
    bytes += t.ids.MemoryBytes();
    bytes += t.hashes.capacity() * sizeof(uint64_t);
  }
  return bytes;
}

}  // namespace csm
