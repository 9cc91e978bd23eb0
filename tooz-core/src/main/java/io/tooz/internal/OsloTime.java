package io.tooz.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** The map payloads of oslo.serialization's datetime (ext 1) and date (ext 7) extension types. */
final class OsloTime {
    private OsloTime() {}

    static Map<String, Object> datetimeFields(LocalDateTime t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("day", (long) t.getDayOfMonth());
        m.put("month", (long) t.getMonthValue());
        m.put("year", (long) t.getYear());
        m.put("hour", (long) t.getHour());
        m.put("minute", (long) t.getMinute());
        m.put("second", (long) t.getSecond());
        m.put("microsecond", (long) (t.getNano() / 1000));
        return m;
    }

    static Map<String, Object> dateFields(LocalDate d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("year", (long) d.getYear());
        m.put("month", (long) d.getMonthValue());
        m.put("day", (long) d.getDayOfMonth());
        return m;
    }

    static LocalDateTime datetime(Map<?, ?> m) {
        return LocalDateTime.of(
                field(m, "year"),
                field(m, "month"),
                field(m, "day"),
                field(m, "hour"),
                field(m, "minute"),
                field(m, "second"),
                field(m, "microsecond") * 1000);
    }

    static LocalDate date(Map<?, ?> m) {
        return LocalDate.of(field(m, "year"), field(m, "month"), field(m, "day"));
    }

    private static int field(Map<?, ?> m, String name) {
        Object v = m.get(name);
        return v instanceof Number n ? n.intValue() : 0;
    }
}
