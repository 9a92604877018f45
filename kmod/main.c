// SPDX-License-Identifier: GPL-2.0
/*
 * hnet: multi-tenant VXLAN switching, distributed routing and floating-IP
 * NAT in one virtual device.  Module init and exit, per-namespace state.
 */

#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>

#include "hnet.h"

unsigned int hnet_net_id __read_mostly;

static int __net_init hnet_net_init(struct net *net)
{
	struct hnet_net *hn = net_generic(net, hnet_net_id);

	INIT_LIST_HEAD(&hn->devs);
	INIT_LIST_HEAD(&hn->socks);
	hn->dev_gen = 1;
	return 0;
}

/* A namespace is going away: delete its hnet devices and their objects. */
static void __net_exit hnet_net_exit_batch(struct list_head *net_list)
{
	struct hnet_dev *hdev, *tmp;
	struct net *net;
	LIST_HEAD(kill_list);

	rtnl_lock();
	list_for_each_entry(net, net_list, exit_list) {
		struct hnet_net *hn = net_generic(net, hnet_net_id);

		list_for_each_entry_safe(hdev, tmp, &hn->devs, list)
			hnet_dev_delete(hdev, &kill_list);
	}
	unregister_netdevice_many(&kill_list);
	rtnl_unlock();
}

static struct pernet_operations hnet_net_ops = {
	.init		= hnet_net_init,
	.exit_batch	= hnet_net_exit_batch,
	.id		= &hnet_net_id,
	.size		= sizeof(struct hnet_net),
};

static int __init hnet_init(void)
{
	int err;

	err = register_pernet_device(&hnet_net_ops);
	if (err)
		return err;
	err = register_netdevice_notifier(&hnet_netdev_notifier);
	if (err)
		goto err_pernet;
	err = rtnl_link_register(&hnet_link_ops);
	if (err)
		goto err_notifier;
	err = hnet_genl_register();
	if (err)
		goto err_link;

	return 0;

err_link:
	rtnl_link_unregister(&hnet_link_ops);
err_notifier:
	unregister_netdevice_notifier(&hnet_netdev_notifier);
err_pernet:
	unregister_pernet_device(&hnet_net_ops);
	return err;
}

/*
 * Delete every device first (dellink detaches the ports, which keep
 * working, and notifies the family's listeners), then stop watching
 * netdevs; only then remove the family: until the notifier is gone a port
 * netdev's unregistration may still send a notification.  Requests that
 * arrive in between find no hnet device (they cannot create one: that is
 * rtnetlink's, and the link ops are gone).
 */
static void __exit hnet_exit(void)
{
	rtnl_link_unregister(&hnet_link_ops);
	unregister_netdevice_notifier(&hnet_netdev_notifier);
	hnet_genl_unregister();
	unregister_pernet_device(&hnet_net_ops);
	/* Wait for the call_rcu() callbacks that free our objects. */
	rcu_barrier();
}

module_init(hnet_init);
module_exit(hnet_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Multi-tenant VXLAN switching and distributed routing device");
MODULE_VERSION(HNET_VERSION);
MODULE_ALIAS_RTNL_LINK("hnet");
MODULE_ALIAS_GENL_FAMILY(HNET_GENL_NAME);
