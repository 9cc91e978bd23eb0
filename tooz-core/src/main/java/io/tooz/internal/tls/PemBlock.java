package io.tooz.internal.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code -----BEGIN LABEL-----} block of a PEM file: its label, its RFC 1421 headers (OpenSSL's legacy key
 * encryption writes {@code Proc-Type} and {@code DEK-Info}) and its decoded bytes.
 */
record PemBlock(String label, Map<String, String> headers, byte[] der) {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern HEADER = Pattern.compile("([A-Za-z-]+):\\s*(.*)");

    /** The blocks of a PEM text, in order; text between them is ignored, as OpenSSL does. */
    static List<PemBlock> parse(String text) {
        List<PemBlock> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder body = new StringBuilder();
            for (String line : m.group(2).split("\\r?\\n")) {
                Matcher h = HEADER.matcher(line.trim());
                if (body.length() == 0 && h.matches()) {
                    headers.put(h.group(1), h.group(2).trim());
                } else {
                    body.append(line.trim());
                }
            }
            out.add(new PemBlock(
                    m.group(1), Map.copyOf(headers), Base64.getMimeDecoder().decode(body.toString())));
        }
        return out;
    }

    /** Reads a PEM file's text; bytes beyond ASCII (comments) cannot fail the decoding. */
    static String text(byte[] file) {
        return new String(file, StandardCharsets.ISO_8859_1);
    }
}
