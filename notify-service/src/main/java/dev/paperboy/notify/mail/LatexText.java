package dev.paperboy.notify.mail;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes titles written with simple LaTeX readable as text: {@code $\mathcal{B}$-Coder} becomes {@code B-Coder},
 * {@code $\alpha$} becomes {@code α}, {@code \textbf{x}} becomes {@code x}, {@code \&} becomes {@code &}. Unknown
 * commands lose their backslash; math delimiters and grouping braces are dropped. The result is plain text (the
 * templates escape it for HTML) with no control characters.
 */
public final class LatexText {

    private static final Pattern WRAPPING_COMMAND = Pattern.compile(
            "\\\\(?:math(?:cal|bb|bf|rm|it|sf|tt|frak|scr)|text(?:bf|it|rm|sf|tt|sc|normal)?|emph|operatorname|"
                    + "boldsymbol|bm|mathbf|textsc|underline|overline|hat|tilde|bar|vec|widehat|widetilde)\\s*\\{([^{}]*)}");
    private static final Pattern COMMAND = Pattern.compile("\\\\([A-Za-z]+)\\s*");
    private static final Pattern ESCAPED = Pattern.compile("\\\\([&%$#_{}~^\\\\ ])");
    private static final Pattern SCRIPT = Pattern.compile("([_^])\\{([^{}]*)}");
    private static final char PARKED = '\uE000';
    private static final Map<String, String> SYMBOLS = Map.ofEntries(
            Map.entry("alpha", "α"), Map.entry("beta", "β"), Map.entry("gamma", "γ"), Map.entry("delta", "δ"),
            Map.entry("epsilon", "ε"), Map.entry("varepsilon", "ε"), Map.entry("zeta", "ζ"), Map.entry("eta", "η"),
            Map.entry("theta", "θ"), Map.entry("kappa", "κ"), Map.entry("lambda", "λ"), Map.entry("mu", "μ"),
            Map.entry("nu", "ν"), Map.entry("xi", "ξ"), Map.entry("pi", "π"), Map.entry("rho", "ρ"),
            Map.entry("sigma", "σ"), Map.entry("tau", "τ"), Map.entry("phi", "φ"), Map.entry("varphi", "φ"),
            Map.entry("chi", "χ"), Map.entry("psi", "ψ"), Map.entry("omega", "ω"), Map.entry("Gamma", "Γ"),
            Map.entry("Delta", "Δ"), Map.entry("Theta", "Θ"), Map.entry("Lambda", "Λ"), Map.entry("Pi", "Π"),
            Map.entry("Sigma", "Σ"), Map.entry("Phi", "Φ"), Map.entry("Psi", "Ψ"), Map.entry("Omega", "Ω"),
            Map.entry("times", "×"), Map.entry("cdot", "·"), Map.entry("infty", "∞"), Map.entry("leq", "≤"),
            Map.entry("le", "≤"), Map.entry("geq", "≥"), Map.entry("ge", "≥"), Map.entry("neq", "≠"),
            Map.entry("approx", "≈"), Map.entry("pm", "±"), Map.entry("rightarrow", "→"), Map.entry("to", "→"),
            Map.entry("leftarrow", "←"), Map.entry("Rightarrow", "⇒"), Map.entry("sim", "~"),
            Map.entry("ldots", "…"), Map.entry("dots", "…"), Map.entry("cdots", "⋯"), Map.entry("LaTeX", "LaTeX"),
            Map.entry("TeX", "TeX"), Map.entry("quad", " "), Map.entry("qquad", " "));

    private LatexText() {
    }

    public static String plain(String text) {
        if (text == null) {
            return "";
        }
        String s = text;
        for (int i = 0; i < 4; i++) {
            String next = WRAPPING_COMMAND.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
            if (next.equals(s)) {
                break;
            }
            s = next;
        }
        s = s.replace("\\\\", " ");
        // escaped characters are parked in the private-use area so that the cleanup below leaves them alone
        s = ESCAPED.matcher(s).replaceAll(m -> String.valueOf((char) (PARKED + m.group(1).charAt(0))));
        s = SCRIPT.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2)));
        s = COMMAND.matcher(s).replaceAll(m -> {
            String symbol = SYMBOLS.get(m.group(1));
            return Matcher.quoteReplacement(symbol != null ? symbol : m.group(1));
        });
        s = s.replace("$", "").replace("{", "").replace("}", "").replace("~", " ").replace("---", "—")
                .replace("--", "–").replace("``", "“").replace("''", "”");
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= PARKED && c < PARKED + 128) {
                out.append((char) (c - PARKED));
            } else {
                out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
            }
        }
        return out.toString().replaceAll("\\s+", " ").strip();
    }
}
