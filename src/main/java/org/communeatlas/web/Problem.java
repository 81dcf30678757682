package org.communeatlas.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}).
 *
 * @param type      a URI naming the kind of problem ({@code about:blank} when the status says it all)
 * @param title     a short summary that does not change between occurrences
 * @param status    the HTTP status code
 * @param detail    what went wrong this time, written for the person who typed the request
 * @param parameter the request parameter at fault, when there is one (an extension member)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String parameter) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
