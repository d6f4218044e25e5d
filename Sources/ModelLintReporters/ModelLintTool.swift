/// What modellint says about itself: in `--version`, the JSON report's
/// `tool` and SARIF's `tool.driver`.
public enum ModelLintTool {
    public static let name = "modellint"
    /// The one place the version is written. `packaging/build-wheel` (through
    /// packaging/pyproject.toml) and the pre-commit hook package (the root
    /// pyproject.toml) read it from this file, so the wheel's version and the
    /// binary's cannot differ.
    public static let version = "0.1.0"
}
