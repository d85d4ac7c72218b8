package dev.ficus.gateway.shadow.reads;

import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebResult;
import jakarta.jws.WebService;
import java.util.concurrent.atomic.AtomicInteger;

/** A new billing service's SOAP endpoint, served by a real JAX-WS stack. */
@WebService(serviceName = "Billing", targetNamespace = "urn:fleet:billing")
public class BillingEndpoint {

  final AtomicInteger reads = new AtomicInteger();
  final AtomicInteger cancels = new AtomicInteger();

  /** An invoice as the new service keeps it. */
  public static class Invoice {
    public String id;
    public String amount;
    public String currency;
  }

  @WebMethod(operationName = "GetInvoice", action = "GetInvoice")
  @WebResult(name = "invoice")
  public Invoice getInvoice(@WebParam(name = "id") String id) {
    reads.incrementAndGet();
    Invoice invoice = new Invoice();
    invoice.id = id;
    // The new service rounds invoice 7 differently: the one real difference.
    invoice.amount = id.equals("I-7") ? "12.60" : "12.50";
    invoice.currency = "EUR";
    return invoice;
  }

  @WebMethod(operationName = "CancelInvoice", action = "CancelInvoice")
  @WebResult(name = "cancelled")
  public boolean cancelInvoice(@WebParam(name = "id") String id) {
    cancels.incrementAndGet();
    return true;
  }
}
