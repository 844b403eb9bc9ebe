/// One content item of a Structured Report tree: its relationship to the parent, concept name,
/// value and children. Plain values; ``SRTreeEncoding`` turns a tree into DICOM.
struct SRItem: Sendable {
  enum Value: Sendable {
    /// `template`: the DCMR template identifier the container follows, if any.
    case container(template: String?)
    case text(String)
    case code(CodedConcept)
    /// A code that is not in the context group the template names for this item, which that
    /// group's extensibility allows (PS3.16 §7.2.3); written with the extension attributes of
    /// PS3.3 §8.7.
    case extendingCode(CodedConcept, ContextGroupExtension)
    case num(Double, unit: CodedConcept)
    case uidref(String)
    case image(sopClassUID: String, sopInstanceUID: String)
  }

  var relationship: String
  var concept: CodedConcept?
  var value: Value
  var children: [SRItem]

  init(_ relationship: String, _ concept: CodedConcept?, _ value: Value, _ children: [SRItem] = []) {
    self.relationship = relationship
    self.concept = concept
    self.value = value
    self.children = children
  }

  static func contains(_ concept: CodedConcept?, _ value: Value, _ children: [SRItem] = []) -> SRItem {
    SRItem("CONTAINS", concept, value, children)
  }

  static func modifier(_ concept: CodedConcept, _ value: Value, _ children: [SRItem] = []) -> SRItem {
    SRItem("HAS CONCEPT MOD", concept, value, children)
  }

  static func context(_ concept: CodedConcept, _ value: Value) -> SRItem {
    SRItem("HAS OBS CONTEXT", concept, value)
  }

  static func acquisitionContext(_ concept: CodedConcept, _ value: Value) -> SRItem {
    SRItem("HAS ACQ CONTEXT", concept, value)
  }
}

/// Writes an ``SRItem`` tree into a dataset: the root's attributes at the top level (SR Document
/// Content module), every child as an item of the Content Sequence, recursively.
enum SRTreeEncoding {
  static func putRoot(_ root: SRItem, into d: Dataset) throws(ShimError) {
    try putValue(root, into: d)
    try putChildren(root.children, into: d)
  }

  private static func putChildren(_ children: [SRItem], into d: Dataset) throws(ShimError) {
    for child in children {
      try d.item(Tag(0x0040, 0xA730)) { () throws(ShimError) in
        try d.put(Tag(0x0040, 0xA010), child.relationship)
        try putValue(child, into: d)
        try putChildren(child.children, into: d)
      }
    }
  }

  private static func putValue(_ item: SRItem, into d: Dataset) throws(ShimError) {
    let valueType: String
    switch item.value {
    case .container: valueType = "CONTAINER"
    case .text: valueType = "TEXT"
    case .code, .extendingCode: valueType = "CODE"
    case .num: valueType = "NUM"
    case .uidref: valueType = "UIDREF"
    case .image: valueType = "IMAGE"
    }
    try d.put(Tag(0x0040, 0xA040), valueType)
    if let concept = item.concept { try d.code(Tag(0x0040, 0xA043), concept) }
    switch item.value {
    case .container(let template):
      try d.put(Tag(0x0040, 0xA050), "SEPARATE")
      if let template {
        try d.item(Tag(0x0040, 0xA504)) { () throws(ShimError) in
          try d.put(Tag(0x0008, 0x0105), "DCMR")
          try d.put(Tag(0x0040, 0xDB00), template)
        }
      }
    case .text(let text): try d.put(Tag(0x0040, 0xA160), text)
    case .code(let code): try d.code(Tag(0x0040, 0xA168), code)
    case .extendingCode(let code, let group):
      try d.code(Tag(0x0040, 0xA168), code) { () throws(ShimError) in
        try d.put(Tag(0x0008, 0x0105), "DCMR")  // Mapping Resource
        try d.put(Tag(0x0008, 0x010F), group.contextIdentifier)
        try d.put(Tag(0x0008, 0x0106), group.contextGroupVersion)
        try d.put(Tag(0x0008, 0x010B), "Y")  // Context Group Extension Flag
        try d.put(Tag(0x0008, 0x0107), group.localVersion)
        try d.put(Tag(0x0008, 0x010D), group.creatorUID)
      }
    case .num(let number, let unit):
      try d.item(Tag(0x0040, 0xA300)) { () throws(ShimError) in
        try d.code(Tag(0x0040, 0x08EA), unit)
        try d.put(Tag(0x0040, 0xA30A), MammogramAttributes.ds(number))
      }
    case .uidref(let uid): try d.put(Tag(0x0040, 0xA124), uid)
    case .image(let sopClass, let sopInstance):
      try d.item(Tag(0x0008, 0x1199)) { () throws(ShimError) in
        try d.put(Tag(0x0008, 0x1150), sopClass)
        try d.put(Tag(0x0008, 0x1155), sopInstance)
      }
    }
  }
}

/// Which context group a code extends, and who extended it (PS3.3 §8.7 Context Group Extensions).
struct ContextGroupExtension: Sendable {
  /// The CID, e.g. `100`.
  var contextIdentifier: String
  /// The version of the standard's context group that was extended (DT).
  var contextGroupVersion: String
  /// densa's version of the extended group (DT).
  var localVersion: String
  /// The UID of the extension's creator.
  var creatorUID: String
}
