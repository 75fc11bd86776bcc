package io.xenvlan.sim.wire;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * XML-RPC as xapi speaks it, decoded over the JDK's StAX parser and encoded by hand.
 *
 * <p>Written here rather than taken from a library: the only Java XML-RPC implementation,
 * Apache XML-RPC, has been unmaintained since 2013 and carries a known deserialization flaw
 * (CVE-2019-17570: it deserializes Java objects from faults). XML-RPC is small enough to parse
 * safely with StAX: DTDs are refused, external entities are off, nesting depth is bounded (the
 * body size is bounded by the HTTP layer), and anything unexpected is a
 * {@link MalformedRequestException}, never a crash.
 *
 * <p>Outbound, following xapi: strings and int64 values as untyped {@code <value>}s, booleans as
 * {@code <boolean>}, datetimes as {@code <dateTime.iso8601>20250319T04:16:24Z}, maps as structs,
 * sets as arrays. Inbound, {@code <i4>/<int>/<i8>} and strings are both accepted for ints.
 */
public final class XmlRpcCodec {
    /** How deep structs and arrays may nest in a request. */
    static final int MAX_DEPTH = 32;

    private static final DateTimeFormatter DATETIME_OUT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATETIME_IN = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");
    private static final XMLInputFactory FACTORY = hardenedFactory();

    private XmlRpcCodec() {}

    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** Decodes a {@code methodCall}. */
    public static RpcCall decode(byte[] body) throws MalformedRequestException {
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            expectStart(r, "methodCall");
            expectStart(r, "methodName");
            String method = text(r).trim();
            List<Object> params = new ArrayList<>();
            int ev = nextTag(r);
            if (ev == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("params")) {
                while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                    require(r.getLocalName().equals("param"), "expected <param>");
                    expectStart(r, "value");
                    params.add(value(r, 1));
                    expectEnd(r, "param");
                }
                require(r.getLocalName().equals("params"), "expected </params>");
                ev = nextTag(r);
            }
            require(ev == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("methodCall"), "expected </methodCall>");
            require(nextTag(r) == XMLStreamConstants.END_DOCUMENT, "content after </methodCall>");
            require(!method.isEmpty(), "empty methodName");
            return new RpcCall(method, params);
        } catch (XMLStreamException | RuntimeException e) {
            throw new MalformedRequestException("malformed XML-RPC: " + e.getMessage(), e);
        } finally {
            close(r);
        }
    }

    private static void close(XMLStreamReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // nothing to release beyond the byte array
            }
        }
    }

    /** Skips whitespace, comments and processing instructions; refuses DTDs and stray text. */
    private static int nextTag(XMLStreamReader r) throws XMLStreamException {
        while (true) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT, XMLStreamConstants.END_DOCUMENT:
                    return ev;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE:
                    require(r.isWhiteSpace() || r.getText().isBlank(), "unexpected text");
                    break;
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION:
                    break;
                default:
                    throw new IllegalArgumentException("unexpected XML construct (" + ev + ")");
            }
        }
    }

    private static void expectStart(XMLStreamReader r, String name) throws XMLStreamException {
        require(nextTag(r) == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals(name), "expected <" + name + ">");
    }

    private static void expectEnd(XMLStreamReader r, String name) throws XMLStreamException {
        require(nextTag(r) == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals(name), "expected </" + name + ">");
    }

    /** The text content of the current element; no child elements allowed. */
    private static String text(XMLStreamReader r) throws XMLStreamException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> sb.append(r.getText());
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> { }
                case XMLStreamConstants.END_ELEMENT -> {
                    return sb.toString();
                }
                default -> throw new IllegalArgumentException("unexpected content in <" + r.getLocalName() + ">");
            }
        }
    }

    /** Reads a value; positioned on {@code <value>}, returns positioned on {@code </value>}. */
    private static Object value(XMLStreamReader r, int depth) throws XMLStreamException {
        require(depth <= MAX_DEPTH, "values nested deeper than " + MAX_DEPTH);
        StringBuilder text = new StringBuilder();
        Object typed = null;
        boolean sawType = false;
        while (true) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text.append(r.getText());
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> { }
                case XMLStreamConstants.START_ELEMENT -> {
                    require(!sawType, "two types in one <value>");
                    sawType = true;
                    typed = typed(r, depth);
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    require(r.getLocalName().equals("value"), "expected </value>");
                    if (!sawType) {
                        return text.toString();
                    }
                    require(text.toString().isBlank(), "text beside a typed value");
                    return typed;
                }
                default -> throw new IllegalArgumentException("unexpected XML construct (" + ev + ")");
            }
        }
    }

    private static Object typed(XMLStreamReader r, int depth) throws XMLStreamException {
        String type = r.getLocalName();
        switch (type) {
            case "string", "base64":
                return text(r);
            case "i4", "int", "i8":
                return Long.parseLong(text(r).trim());
            case "boolean": {
                String b = text(r).trim();
                require(b.equals("0") || b.equals("1"), "boolean must be 0 or 1");
                return b.equals("1");
            }
            case "double":
                return Double.parseDouble(text(r).trim());
            case "dateTime.iso8601": {
                String t = text(r).trim();
                t = t.endsWith("Z") ? t.substring(0, t.length() - 1) : t;
                return LocalDateTime.parse(t, DATETIME_IN).toInstant(ZoneOffset.UTC);
            }
            case "nil", "ex:nil":
                require(text(r).isBlank(), "nil has no content");
                return null;
            case "struct":
                return struct(r, depth);
            case "array":
                return array(r, depth);
            default:
                throw new IllegalArgumentException("unknown type <" + type + ">");
        }
    }

    private static Map<String, Object> struct(XMLStreamReader r, int depth) throws XMLStreamException {
        Map<String, Object> out = new LinkedHashMap<>();
        while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
            require(r.getLocalName().equals("member"), "expected <member>");
            expectStart(r, "name");
            String name = text(r);
            expectStart(r, "value");
            out.put(name, value(r, depth + 1));
            expectEnd(r, "member");
        }
        require(r.getLocalName().equals("struct"), "expected </struct>");
        return out;
    }

    private static List<Object> array(XMLStreamReader r, int depth) throws XMLStreamException {
        expectStart(r, "data");
        List<Object> out = new ArrayList<>();
        while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
            require(r.getLocalName().equals("value"), "expected <value>");
            out.add(value(r, depth + 1));
        }
        require(r.getLocalName().equals("data"), "expected </data>");
        expectEnd(r, "array");
        return out;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** {@code {Status: "Success", Value: v}}. */
    public static byte[] success(Object value) {
        StringBuilder sb = new StringBuilder(256);
        open(sb).append("<member><name>Status</name><value>Success</value></member><member><name>Value</name>");
        value(sb, value);
        return close(sb.append("</member>"));
    }

    /** {@code {Status: "Failure", ErrorDescription: [CODE, p1, ...]}}. */
    public static byte[] failure(List<String> description) {
        StringBuilder sb = new StringBuilder(256);
        open(sb).append("<member><name>Status</name><value>Failure</value></member><member><name>ErrorDescription</name>");
        value(sb, description);
        return close(sb.append("</member>"));
    }

    /** One encoded {@code <value>} element, as in a response. */
    static String encodeValue(Object value) {
        StringBuilder sb = new StringBuilder();
        value(sb, value);
        return sb.toString();
    }

    private static StringBuilder open(StringBuilder sb) {
        return sb.append("<?xml version=\"1.0\"?>\n<methodResponse><params><param><value><struct>");
    }

    private static byte[] close(StringBuilder sb) {
        sb.append("</struct></value></param></params></methodResponse>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void value(StringBuilder sb, Object v) {
        sb.append("<value>");
        if (v instanceof Boolean b) {
            sb.append("<boolean>").append(b ? '1' : '0').append("</boolean>");
        } else if (v instanceof Integer i) {
            sb.append("<i4>").append(i).append("</i4>"); // xapi's int32 (valid_ref_counts); its int64 goes as a string
        } else if (v instanceof Double d) {
            sb.append("<double>").append(d).append("</double>");
        } else if (v instanceof Instant i) {
            sb.append("<dateTime.iso8601>").append(DATETIME_OUT.format(i)).append("</dateTime.iso8601>");
        } else if (v instanceof List<?> list) {
            sb.append("<array><data>");
            list.forEach(item -> value(sb, item));
            sb.append("</data></array>");
        } else if (v instanceof Map<?, ?> map) {
            sb.append("<struct>");
            map.forEach((k, item) -> {
                sb.append("<member><name>");
                escape(sb, String.valueOf(k));
                sb.append("</name>");
                value(sb, item);
                sb.append("</member>");
            });
            sb.append("</struct>");
        } else if (v != null) {
            escape(sb, String.valueOf(v));
        }
        sb.append("</value>");
    }

    private static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r' -> sb.append("&#13;");
                default -> sb.append(c < 0x20 && c != '\t' && c != '\n' || c == 0xFFFE || c == 0xFFFF ? '\uFFFD' : c);
            }
        }
    }
}
