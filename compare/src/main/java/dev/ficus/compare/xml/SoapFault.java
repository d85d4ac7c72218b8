package dev.ficus.compare.xml;

import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.document.DocumentDiff;
import dev.ficus.compare.document.Element;

/**
 * A SOAP Fault on one side and an answer on the other is one difference at the Body, naming the
 * fault, not one for every element of the answer the fault lacks. SOAP 1.1 and 1.2.
 */
final class SoapFault implements DocumentDiff.Judgement {

  static final String SOAP_11 = "http://schemas.xmlsoap.org/soap/envelope/";
  static final String SOAP_12 = "http://www.w3.org/2003/05/soap-envelope";

  @Override
  public boolean judge(Element legacy, Element fresh, DocumentDiff.Walk walk) {
    if (!isBody(legacy)) {
      return false;
    }
    Element legacyFault = fault(legacy);
    Element freshFault = fault(fresh);
    if ((legacyFault == null) == (freshFault == null)) {
      return false;
    }
    walk.report(
        new Difference.TypeChanged(
            walk.pointer(),
            DocumentDiff.quoted(describe(legacy)),
            DocumentDiff.quoted(describe(fresh))));
    return true;
  }

  private static boolean isBody(Element element) {
    return element.name().equals("Body")
        && (element.namespace().equals(SOAP_11) || element.namespace().equals(SOAP_12));
  }

  private static Element fault(Element body) {
    for (Element child : body.children()) {
      if (child.name().equals("Fault") && child.namespace().equals(body.namespace())) {
        return child;
      }
    }
    return null;
  }

  /** "Fault soap:Server: no such trip" or the answer's element name. */
  private static String describe(Element body) {
    Element fault = fault(body);
    if (fault == null) {
      return body.children().isEmpty() ? "an empty Body" : body.children().get(0).name();
    }
    String code = text(fault, "faultcode");
    String reason = text(fault, "faultstring");
    if (code.isEmpty() && fault.child("Code") != null) {
      code = text(fault.child("Code"), "Value");
    }
    if (reason.isEmpty() && fault.child("Reason") != null) {
      reason = text(fault.child("Reason"), "Text");
    }
    return "Fault" + (code.isEmpty() ? "" : " " + code) + (reason.isEmpty() ? "" : ": " + reason);
  }

  private static String text(Element parent, String name) {
    Element child = parent.child(name);
    return child == null ? "" : child.text();
  }
}
