/** HTTPS for a commune office's network: the installation's own certificate authority and the server's certificate. */
package org.communeatlas.tls;
